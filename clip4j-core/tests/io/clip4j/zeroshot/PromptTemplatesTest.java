package io.clip4j.zeroshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates and class names: the built-in sets, the three file forms, and every refusal naming its place. */
class PromptTemplatesTest {
    static final Path IMAGENET = io.clip4j.Fixtures.IMAGENET_PROMPTS;
    static final Path CIFAR10 = io.clip4j.Fixtures.CIFAR10_PROMPTS;

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void builtInSetsFillThePlaceholder() {
        PromptTemplates defaults = PromptTemplates.defaults();
        assertTrue(defaults.size() >= 6 && defaults.size() <= 10, "six to ten default templates");
        assertTrue(defaults.templates().stream().allMatch(t -> t.contains("{}")));
        assertEquals("a photo of a cat.", defaults.prompts("cat").get(0));
        assertEquals(defaults.size(), new HashSet<>(defaults.prompts("cat")).size(), "no repeated default");
        assertEquals(List.of("  odd label "), PromptTemplates.none().prompts("  odd label "));
        assertEquals(List.of("art of dog, dog"), PromptTemplates.single("art of {}, {}").prompts("dog"));
        assertEquals(PromptTemplates.none(), PromptTemplates.single("{}"));
        assertEquals(PromptTemplates.single("{} art").hashCode(), PromptTemplates.of(List.of("{} art")).hashCode());
        assertNotEquals(PromptTemplates.of(List.of("a {}", "b {}")), PromptTemplates.of(List.of("b {}", "a {}")));
        assertThrows(UnsupportedOperationException.class, () -> defaults.templates().add("x {}"));
    }

    @Test
    void badTemplatesAreRefused() {
        ClipException e = assertThrows(ClipException.class, () -> PromptTemplates.single("a photo of a cat"));
        assertTrue(e.getMessage().contains("'a photo of a cat' has no {}"), e.getMessage());
        assertThrows(ClipException.class, () -> PromptTemplates.single(null));
        assertThrows(ClipException.class, () -> PromptTemplates.of(List.of()));
        assertThrows(ClipException.class, () -> PromptTemplates.of(null));
        e = assertThrows(ClipException.class, () -> PromptTemplates.of(List.of("{}", "two")));
        assertTrue(e.getMessage().startsWith("template 1 "), e.getMessage());
        assertThrows(ClipException.class, () -> PromptTemplates.none().prompts(null));
    }

    @Test
    void lineFilesSkipBlankLinesAndComments() throws IOException {
        Path file = write("t.txt", "# my templates\n\na photo of a {}.\r\n   a drawing of a {}.  \n  # indented comment\n");
        assertEquals(List.of("a photo of a {}.", "a drawing of a {}."), PromptTemplates.read(file).templates());
    }

    @Test
    void jsonArraysAndObjectsAreRead() throws IOException {
        assertEquals(List.of("a {}", "the {}"), PromptTemplates.read(write("a.json", " [\"a {}\", \"the {}\"]")).templates());
        Path object = write("o.json", "{\"classes\": [\"x\"], \"templates\": [\"itap of a {}.\"]}");
        assertEquals(List.of("itap of a {}."), PromptTemplates.read(object).templates());
        assertEquals(18, PromptTemplates.read(CIFAR10).size());
        PromptTemplates imagenet = PromptTemplates.read(IMAGENET);
        assertEquals(80, imagenet.size());
        assertEquals("a bad photo of a cat.", imagenet.prompts("cat").get(0));
    }

    @Test
    void fileErrorsNameTheFileAndThePlace() throws IOException {
        Path missing = dir.resolve("nope.txt");
        PromptFileException e = assertThrows(PromptFileException.class, () -> PromptTemplates.read(missing));
        assertEquals(missing, e.file());
        assertTrue(e.getMessage().startsWith(missing + ": file not found"), e.getMessage());

        Path noPlaceholder = write("bad.txt", "# header\na photo of a {}.\na photo of a cat\n");
        assertMessage(noPlaceholder, "line 3: template 'a photo of a cat' has no {} placeholder");
        assertMessage(write("empty.txt", "\n# nothing here\n\n"), "holds no templates");
        assertMessage(write("empty.json", "[]"), "holds no templates");
        assertMessage(write("malformed.json", "{\"templates\": [\n  \"a {}\",\n  oops\n]}"), "malformed JSON at line 3");
        assertMessage(write("trailing.json", "[\"a {}\"] extra"), "malformed JSON");
        assertMessage(write("dup.json", "{\"templates\": [\"a {}\"], \"templates\": []}"), "malformed JSON");
        assertMessage(write("nofield.json", "{\"prompts\": [\"a {}\"]}"), "no \"templates\" field");
        assertMessage(write("notarray.json", "{\"templates\": \"a {}\"}"), "\"templates\" must be an array");
        assertMessage(write("number.json", "{\"templates\": [\"a {}\", 7]}"), "templates[1] must be a string");
        assertMessage(write("arrayitem.json", "[\"a {}\", \"b\"]"), "[1]: template 'b' has no {}");
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "caf\u00e9 {}".getBytes(StandardCharsets.ISO_8859_1));
        assertMessage(latin1, "not UTF-8");
        assertMessage(dir, "not a regular file");
    }

    private static void assertMessage(Path file, String part) {
        PromptFileException e = assertThrows(PromptFileException.class, () -> PromptTemplates.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should contain '" + part + "'");
    }

    @Test
    void classNamesAreReadAndMadeUnique() throws IOException {
        List<String> imagenet = ClassNames.read(IMAGENET);
        assertEquals(1000, imagenet.size());
        assertEquals("tench", imagenet.get(0));
        assertEquals(998, new HashSet<>(imagenet).size(), "the CLIP ImageNet list repeats two names");
        List<String> labels = ClassNames.unique(imagenet);
        assertEquals(1000, new HashSet<>(labels).size());
        assertEquals("missile", labels.get(657));
        assertEquals("missile (2)", labels.get(744));
        assertEquals("sunglasses (2)", labels.get(837));
        assertEquals(List.of("a", "a (3)", "a (2)", "b"), ClassNames.unique(List.of("a", "a", "a (2)", "b")));

        assertEquals(10, ClassNames.read(CIFAR10).size());
        assertEquals(List.of("cat", "dog"), ClassNames.read(write("l.txt", "cat\n# no\n\ndog\n")));
        assertEquals(List.of("cat"), ClassNames.read(write("l.json", "{\"labels\": [\"cat\"]}")));
        PromptFileException e = assertThrows(PromptFileException.class,
                () -> ClassNames.read(write("blank.json", "[\"cat\", \" \"]")));
        assertTrue(e.getMessage().contains("[1]: class name is blank"), e.getMessage());
        assertThrows(PromptFileException.class, () -> ClassNames.read(write("none.txt", "# only a comment")));
        assertThrows(ClipException.class, () -> ClassNames.unique(Arrays.asList("a", null)));
    }
}
