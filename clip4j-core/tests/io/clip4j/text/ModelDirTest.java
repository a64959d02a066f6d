package io.clip4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.InvalidModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClipTokenizer#fromModelDir}: which file it picks and how it reads the pad token. The
 * real files are linked into temporary directories, not copied.
 */
class ModelDirTest {
    private static final String CAT = "a photo of a cat";

    @TempDir
    Path dir;

    /** Removes the links, so that the temporary directory's cleanup never meets them. */
    @AfterEach
    void unlink() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                if (Files.isSymbolicLink(file)) {
                    Files.delete(file);
                }
            }
        }
    }

    private void link(String name, Path target) throws IOException {
        Files.createSymbolicLink(dir.resolve(name), target.toAbsolutePath());
    }

    private static int[] expectedCat() {
        return TokenizerFixtures.original().tokenize(CAT);
    }

    @Test
    void tinyClipUsesTokenizerJsonAndItsPadToken() {
        ClipTokenizer tokenizer = ClipTokenizer.fromModelDir(TokenizerFixtures.TINY_CLIP);
        assertEquals(49407, tokenizer.padId());
        assertArrayEquals(expectedCat(), tokenizer.tokenize(CAT));
    }

    @Test
    void tokenizerJsonComesFirst() throws IOException {
        link("tokenizer.json", TokenizerFixtures.TOKENIZER_JSON);
        Files.writeString(dir.resolve("merges.txt"), "broken\n");
        Files.writeString(dir.resolve("vocab.json"), "broken");
        Files.writeString(dir.resolve("bpe_simple_vocab_16e6.txt.gz"), "broken");
        ClipTokenizer tokenizer = ClipTokenizer.fromModelDir(dir);
        assertEquals(0, tokenizer.padId(), "no tokenizer_config.json: OpenAI's pad id 0");
        assertArrayEquals(expectedCat(), tokenizer.tokenize(CAT));
    }

    @Test
    void vocabAndMergesComeBeforeTheOriginalFile() throws IOException {
        link("vocab.json", TokenizerFixtures.VOCAB_JSON);
        link("merges.txt", TokenizerFixtures.MERGES_TXT);
        Files.writeString(dir.resolve("bpe_simple_vocab_16e6.txt.gz"), "broken");
        assertArrayEquals(expectedCat(), ClipTokenizer.fromModelDir(dir).tokenize(CAT));
    }

    @Test
    void originalFileIsTheLastChoice() throws IOException {
        link("vocab.json", TokenizerFixtures.VOCAB_JSON); // without merges.txt it is not used
        link("bpe_simple_vocab_16e6.txt.gz", TokenizerFixtures.ORIGINAL_BPE);
        assertArrayEquals(expectedCat(), ClipTokenizer.fromModelDir(dir).tokenize(CAT));
    }

    @Test
    void padTokenAsStringOrObject() throws IOException {
        link("bpe_simple_vocab_16e6.txt.gz", TokenizerFixtures.ORIGINAL_BPE);
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, "{\"pad_token\": {\"content\": \"<|endoftext|>\", \"lstrip\": false}}");
        assertEquals(49407, ClipTokenizer.fromModelDir(dir).padId());
        Files.writeString(config, "{\"pad_token\": \"!\"}");
        assertEquals(0, ClipTokenizer.fromModelDir(dir).padId());
        Files.writeString(config, "{\"pad_token\": \"<|startoftext|>\"}");
        assertEquals(49406, ClipTokenizer.fromModelDir(dir).padId());
        Files.writeString(config, "{\"pad_token\": null}");
        assertEquals(0, ClipTokenizer.fromModelDir(dir).padId());
        Files.writeString(config, "{}");
        assertEquals(0, ClipTokenizer.fromModelDir(dir).padId());
    }

    @Test
    void badTokenizerConfig() throws IOException {
        link("bpe_simple_vocab_16e6.txt.gz", TokenizerFixtures.ORIGINAL_BPE);
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, "{\"pad_token\": \"<pad>\"}");
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ClipTokenizer.fromModelDir(dir));
        assertTrue(e.getMessage().contains("tokenizer_config.json") && e.getMessage().contains("<pad>"), e.getMessage());
        Files.writeString(config, "{\"pad_token\": 7}");
        e = assertThrows(InvalidModelException.class, () -> ClipTokenizer.fromModelDir(dir));
        assertTrue(e.getMessage().contains("tokenizer_config.json") && e.getMessage().contains("pad_token"), e.getMessage());
        Files.writeString(config, "{pad_token");
        e = assertThrows(InvalidModelException.class, () -> ClipTokenizer.fromModelDir(dir));
        assertTrue(e.getMessage().contains("tokenizer_config.json"), e.getMessage());
    }

    @Test
    void directoryWithoutTokenizerFilesUsesTheBundledVocabulary() throws IOException {
        assertEquals(ClipTokenizer.Source.BUNDLED, ClipTokenizer.sourceIn(dir));
        ClipTokenizer bundled = ClipTokenizer.fromModelDir(dir);
        assertSame(ClipTokenizer.bundled(), bundled);
        // the original tokenizer's ids (reference.json), as for the folder's own copy of the file
        List<String> texts = TokenizerFixtures.referenceTexts();
        for (int i = 0; i < texts.size(); i++) {
            // tokenize gives the ids up to end-of-text; the reference pads them with 0 to 77
            assertArrayEquals(TokenizerFixtures.referenceRow("openai_input_ids", i),
                    java.util.Arrays.copyOf(bundled.tokenize(texts.get(i)), 77), texts.get(i));
        }
        // half of the Hugging Face pair is refused by name
        Files.writeString(dir.resolve("vocab.json"), "{}");
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ClipTokenizer.fromModelDir(dir));
        assertEquals(dir.resolve("merges.txt"), e.file());
        Path notADir = dir.resolve("nothing-here");
        e = assertThrows(InvalidModelException.class, () -> ClipTokenizer.fromModelDir(notADir));
        assertTrue(e.getMessage().contains("nothing-here"), e.getMessage());
    }
}
