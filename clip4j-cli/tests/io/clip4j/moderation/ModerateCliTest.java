package io.clip4j.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.CliRunner;
import io.clip4j.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clip4j moderate}: one JSON line per image, error lines, policy errors, the built-in policy. */
class ModerateCliTest {
    private static final String MODEL = Fixtures.TINY_CLIP.toString();
    private static final Path IMAGES = Fixtures.TINY_CLIP.resolve("images");

    @TempDir
    Path tmp;

    @Test
    void defaultPolicyGivesScoresAndFlagsPerImage() throws Exception {
        CliRunner.Result r = CliRunner.run("moderate", "--model", MODEL, IMAGES.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("warning: policy 'clip4j-default' is not calibrated"), r.err());
        assertEquals(8, r.lines().size());
        for (JsonNode line : r.lines()) {
            assertTrue(line.get("image").isTextual());
            assertTrue(line.get("action").isTextual());
            assertTrue(line.get("flagged").isArray());
            assertEquals(5, line.get("scores").size(), line.toString());
            for (JsonNode flagged : line.get("flagged")) {
                assertTrue(flagged.get("score").asDouble() >= flagged.get("threshold").asDouble());
            }
        }
    }

    @Test
    void ownPolicyAndBrokenImages(@TempDir Path dir) throws Exception {
        Path policy = tmp.resolve("policy.json");
        Files.writeString(policy, """
                {"name": "lax", "calibrated": true, "categories": [
                  {"name": "anything", "prompts": ["a photo"], "threshold": -1, "action": "warn"}]}""");
        Files.writeString(dir.resolve("broken.png"), "nope");
        Path good = IMAGES.resolve("coffee.png");
        CliRunner.Result r = CliRunner.run("moderate", "--model", MODEL, "--policy", policy.toString(),
                good.toString(), dir.resolve("broken.png").toString());
        assertEquals(1, r.status(), "a broken image makes the run fail");
        assertTrue(r.err().isEmpty(), "a calibrated policy draws no warning: " + r.err());
        assertEquals("warn", r.lines().get(0).get("action").asText());
        assertEquals("anything", r.lines().get(0).get("flagged").get(0).get("category").asText());
        assertTrue(r.lines().get(1).get("error").asText().contains("broken.png"));
    }

    @Test
    void badPolicyIsOneLineNamingTheField() throws Exception {
        Path policy = tmp.resolve("bad.json");
        Files.writeString(policy, "{\"categories\": [{\"name\": \"x\", \"prompts\": [\"y\"], \"threshold\": 3, \"action\": \"warn\"}]}");
        CliRunner.Result r = CliRunner.run("moderate", "--model", MODEL, "--policy", policy.toString(),
                IMAGES.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("clip4j: " + policy + ": categories[0].threshold: must be a cosine"), r.err());
        assertEquals(0, r.lines().size());
    }

    @Test
    void printPolicyNeedsNoModel() throws Exception {
        CliRunner.Result r = CliRunner.run("moderate", "--print-policy");
        assertEquals(0, r.status(), r.err());
        assertEquals(DefaultPolicy.load(), PolicyReader.parse(r.out(), "printed", "clip4j-default"));
    }
}
