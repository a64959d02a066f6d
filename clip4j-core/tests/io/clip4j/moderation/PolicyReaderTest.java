package io.clip4j.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policies parse into categories; every mistake is refused with the file and the field named. */
class PolicyReaderTest {
    private static final String GOOD_CATEGORY = """
            {"name": "weapons", "prompts": ["a gun"], "threshold": 0.3, "action": "review"}""";

    private static PolicyException refused(String json) {
        return assertThrows(PolicyException.class, () -> PolicyReader.parse(json, "p.json", "p"));
    }

    private static void assertRefused(String json, String field, String words) {
        PolicyException e = refused(json);
        assertEquals(field, e.field(), e.getMessage());
        String prefix = "p.json: " + (field == null ? "" : field + ": ");
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void defaultPolicyCoversTheFiveCategoriesAndIsMarkedUncalibrated() {
        ModerationPolicy policy = DefaultPolicy.load();
        assertEquals("clip4j-default", policy.name());
        assertFalse(policy.calibrated());
        assertTrue(policy.description().contains("NOT calibrated"));
        assertEquals(List.of("nudity", "graphic_violence", "weapons", "drugs", "self_harm"),
                policy.categories().stream().map(PolicyCategory::name).toList());
        for (PolicyCategory c : policy.categories()) {
            assertTrue(c.scoresProbability(), c.name() + " has negative prompts");
            assertTrue(c.prompts().size() >= 3, c.name());
        }
    }

    @Test
    void readsAFullPolicy(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("mine.json");
        Files.writeString(file, """
                {"description": "test", "calibrated": true, "categories": [
                  {"name": "weapons", "prompts": ["a gun", "a rifle"], "negative_prompts": ["a toy"],
                   "threshold": 0.7, "action": "BLOCK"},
                  %s
                ]}""".formatted(GOOD_CATEGORY.replace("weapons", "knives")));
        ModerationPolicy policy = PolicyReader.read(file);
        assertEquals("mine", policy.name(), "the file name when there is no name field");
        assertTrue(policy.calibrated());
        PolicyCategory first = policy.categories().get(0);
        assertEquals(new PolicyCategory("weapons", List.of("a gun", "a rifle"), List.of("a toy"), 0.7, Action.BLOCK), first);
        assertEquals(List.of(), policy.categories().get(1).negativePrompts());
    }

    @Test
    void everyMistakeNamesItsField() {
        assertRefused("{\"categories\": [", null, "not valid JSON at line 1");
        assertRefused("[1, 2]", null, "must be a JSON object");
        assertRefused("{}", "categories", "is missing");
        assertRefused("{\"categories\": {}}", "categories", "must be an array");
        assertRefused("{\"categories\": []}", "categories", "at least one category");
        assertRefused("{\"categories\": [3]}", "categories[0]", "must be an object");
        assertRefused("{\"name\": 5, \"categories\": [" + GOOD_CATEGORY + "]}", "name", "must be a string");
        assertRefused("{\"calibrated\": \"yes\", \"categories\": [" + GOOD_CATEGORY + "]}", "calibrated", "true or false");
        assertRefused("{\"categorie\": []}", "categorie", "is not a known field; allowed here: calibrated, categories");
        String ok = GOOD_CATEGORY;
        assertRefused("{\"categories\": [" + ok + ", " + ok.replace("\"prompts\": [\"a gun\"], ", "") + "]}",
                "categories[1].prompts", "is missing");
        assertRefused("{\"categories\": [" + ok.replace("[\"a gun\"]", "[]") + "]}", "categories[0].prompts", "at least one");
        assertRefused("{\"categories\": [" + ok.replace("[\"a gun\"]", "[\"a gun\", \" \"]") + "]}",
                "categories[0].prompts[1]", "non-blank");
        assertRefused("{\"categories\": [" + ok.replace("[\"a gun\"]", "[\"a gun\", 7]") + "]}",
                "categories[0].prompts[1]", "must be a string");
        assertRefused("{\"categories\": [" + ok.replace("0.3", "\"high\"") + "]}", "categories[0].threshold",
                "must be a number");
        assertRefused("{\"categories\": [" + ok.replace("0.3", "-1.5") + "]}", "categories[0].threshold",
                "must be a cosine in [-1, 1]");
        assertRefused("{\"categories\": [" + ok.replace("0.3", "1.5").replace("\"threshold\"",
                "\"negative_prompts\": [\"a toy\"], \"threshold\"") + "]}", "categories[0].threshold",
                "must be a probability in [0, 1]");
        assertRefused("{\"categories\": [" + ok.replace("review", "ban") + "]}", "categories[0].action",
                "must be one of warn, review, blur, block, not 'ban'");
        assertRefused("{\"categories\": [" + ok.replace("threshold", "treshold") + "]}", "categories[0].treshold",
                "is not a known field");
        assertRefused("{\"categories\": [" + ok + ", " + ok + "]}", "categories[1].name",
                "already the name of categories[0]");
        assertRefused("{\"categories\": [" + ok.replace("\"weapons\"", "\"  \"") + "]}", "categories[0].name",
                "non-blank");
        assertRefused("{\"categories\": [" + ok.replace("\"action\": \"review\"", "\"action\": \"review\", \"action\": \"block\"")
                + "]}", null, "Duplicate field 'action'");
    }

    @Test
    void missingFileIsNamed(@TempDir Path tmp) {
        Path file = tmp.resolve("nope.json");
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyReader.read(file));
        assertEquals(file + ": does not exist", e.getMessage());
    }

    @Test
    void policiesBuiltInCodeAreCheckedToo() {
        ModerationPolicy bad = new ModerationPolicy("mine", "", false, List.of(
                new PolicyCategory("a", List.of("x"), null, 0.2, Action.NONE)));
        PolicyException e = assertThrows(PolicyException.class, () -> bad.validate("policy"));
        assertEquals("categories[0].action", e.field());
    }
}
