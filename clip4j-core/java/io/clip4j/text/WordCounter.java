package io.clip4j.text;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Counts the pieces ("words") of training texts exactly as {@link ClipTokenizer} will later
 * see them: {@link TextCleaner#clean} then {@link PreTokenizer}. Training works on the unique
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
        Matcher pieces = PreTokenizer.pieces(TextCleaner.clean(text));
        while (pieces.find()) {
            String piece = pieces.group();
            if (!piece.equals(PreTokenizer.START_OF_TEXT) && !piece.equals(PreTokenizer.END_OF_TEXT)) {
                counts.merge(piece, 1L, Long::sum);
            }
        }
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
