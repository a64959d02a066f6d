package io.clip4j.train.tokenizer;

import io.clip4j.text.TokenizerRules;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the pieces ("words") of training texts exactly as {@link io.clip4j.text.ClipTokenizer}
 * will later see them ({@link TokenizerRules#forEachWord}). Training works on the unique
 * pieces with their counts, so a corpus of many short captions shrinks to a few thousand
 * entries before any merging starts. Literal special tokens in the text are not counted: the
 * tokenizer maps them to their own ids, never to byte pairs.
 */
final class WordCounter {
    private final Map<String, Long> counts = new HashMap<>();
    private long texts;

    /** Cleans, splits and counts one text. */
    void add(String text) {
        texts++;
        TokenizerRules.forEachWord(text, word -> counts.merge(word, 1L, Long::sum));
    }

    /** How many texts were added. */
    long texts() {
        return texts;
    }

    /** The unique pieces and how often each occurred (a live view; do not modify). */
    Map<String, Long> counts() {
        return counts;
    }
}
