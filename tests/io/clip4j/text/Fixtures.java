package io.clip4j.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real vocabulary files and the tiny-clip reference, read in place from ../shared (tests
 * run in the project root), and the tokenizers loaded from them once per test JVM.
 */
final class Fixtures {
    static final Path VOCAB_DIR = Path.of("../shared/vocab");
    static final Path ORIGINAL_BPE = VOCAB_DIR.resolve("bpe_simple_vocab_16e6.txt.gz");
    static final Path VOCAB_JSON = VOCAB_DIR.resolve("vocab.json");
    static final Path MERGES_TXT = VOCAB_DIR.resolve("merges.txt");
    static final Path TINY_CLIP = Path.of("../shared/fixtures/tiny-clip");
    static final Path TOKENIZER_JSON = TINY_CLIP.resolve("tokenizer.json");
    static final Path REFERENCE_JSON = TINY_CLIP.resolve("reference.json");

    private static ClipTokenizer original;
    private static ClipTokenizer vocabAndMerges;
    private static ClipTokenizer tokenizerJson;
    private static JsonNode reference;
    private static BpeVocabulary originalVocabulary;

    private Fixtures() {
    }

    /** Loaded from the original bpe_simple_vocab_16e6.txt.gz. */
    static synchronized ClipTokenizer original() {
        if (original == null) {
            original = ClipTokenizer.fromOriginalBpe(ORIGINAL_BPE);
        }
        return original;
    }

    /** Loaded from vocab.json + merges.txt. */
    static synchronized ClipTokenizer vocabAndMerges() {
        if (vocabAndMerges == null) {
            vocabAndMerges = ClipTokenizer.fromVocabAndMerges(VOCAB_JSON, MERGES_TXT);
        }
        return vocabAndMerges;
    }

    /** Loaded from tiny-clip's tokenizer.json. */
    static synchronized ClipTokenizer tokenizerJson() {
        if (tokenizerJson == null) {
            tokenizerJson = ClipTokenizer.fromTokenizerJson(TOKENIZER_JSON);
        }
        return tokenizerJson;
    }

    /** The vocabulary of the original file, to look up ids by token. */
    static synchronized BpeVocabulary originalVocabulary() {
        if (originalVocabulary == null) {
            originalVocabulary = BpeVocabularyLoader.fromOriginalBpe(ORIGINAL_BPE);
        }
        return originalVocabulary;
    }

    static synchronized JsonNode reference() {
        if (reference == null) {
            try {
                reference = new ObjectMapper().readTree(REFERENCE_JSON.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return reference;
    }

    static List<String> referenceTexts() {
        List<String> texts = new ArrayList<>();
        reference().get("texts").forEach(t -> texts.add(t.asText()));
        return texts;
    }

    /** Row {@code i} of a [n][77] int table of reference.json's "tokenizer" object. */
    static int[] referenceRow(String table, int i) {
        JsonNode row = reference().get("tokenizer").get(table).get(i);
        int[] out = new int[row.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = row.get(k).asInt();
        }
        return out;
    }
}
