package io.clip4j.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokenizers loaded once per test JVM from the real vocabulary files and the tiny-clip
 * fixture (paths and reference data from {@link io.clip4j.Fixtures}).
 */
final class TokenizerFixtures {
    /** The original vocabulary file as the library bundles it (the source file, not the class path copy). */
    static final Path ORIGINAL_BPE = Path.of("clip4j-core/resources/io/clip4j/text", ClipTokenizer.ORIGINAL_BPE);
    static final Path VOCAB_DIR = io.clip4j.Fixtures.hfVocabulary();
    static final Path VOCAB_JSON = VOCAB_DIR.resolve("vocab.json");
    static final Path MERGES_TXT = VOCAB_DIR.resolve("merges.txt");
    static final Path TINY_CLIP = io.clip4j.Fixtures.TINY_CLIP;
    static final Path TOKENIZER_JSON = TINY_CLIP.resolve("tokenizer.json");

    private static ClipTokenizer original;
    private static ClipTokenizer vocabAndMerges;
    private static ClipTokenizer tokenizerJson;
    private static BpeVocabulary originalVocabulary;

    private TokenizerFixtures() {
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

    static JsonNode reference() {
        return io.clip4j.Fixtures.referenceJson();
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
