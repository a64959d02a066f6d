package io.clip4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.InvalidModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void directoryWithoutTokenizerFiles() {
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ClipTokenizer.fromModelDir(dir));
        assertEquals(dir, e.file());
        for (String name : new String[] {"tokenizer.json", "vocab.json", "merges.txt", "bpe_simple_vocab_16e6.txt.gz"}) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        Path notADir = dir.resolve("nothing-here");
        e = assertThrows(InvalidModelException.class, () -> ClipTokenizer.fromModelDir(notADir));
        assertTrue(e.getMessage().contains("nothing-here"), e.getMessage());
    }
}
