package io.clip4j.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-pair encodes single pieces of text, exactly as {@code SimpleTokenizer.bpe()}: the
 * piece's UTF-8 bytes become byte symbols, the last one with the end-of-word suffix; then,
 * round after round, the adjacent pair with the lowest merge rank is found and every
 * occurrence of it is merged, scanning left to right, until no pair has a rank or one symbol
 * is left.
 *
 * <p>Results are cached per piece in a concurrent map that is emptied when it reaches
 * {@value #MAX_CACHE_ENTRIES} entries; the encoder is safe for concurrent use.
 */
final class BytePairEncoder {
    static final int MAX_CACHE_ENTRIES = 100_000;

    private final BpeVocabulary vocabulary;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    BytePairEncoder(BpeVocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    BpeVocabulary vocabulary() {
        return vocabulary;
    }

    /** Appends the ids of one piece to {@code out}. */
    void encode(String piece, IntList out) {
        int[] ids = cache.get(piece);
        if (ids == null) {
            ids = bpe(piece);
            if (cache.size() >= MAX_CACHE_ENTRIES) {
                cache.clear();
            }
            cache.put(piece, ids);
        }
        out.addAll(ids);
    }

    /** The token ids of one non-empty piece. */
    int[] bpe(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        int[] word = new int[n];
        for (int i = 0; i < n - 1; i++) {
            word[i] = vocabulary.byteId(bytes[i]);
        }
        word[n - 1] = vocabulary.endOfWordByteId(bytes[n - 1]);
        int[] next = new int[n];
        while (n > 1) {
            int bestRank = Integer.MAX_VALUE;
            int first = -1;
            int second = -1;
            int mergedId = -1;
            for (int i = 0; i < n - 1; i++) {
                BpeVocabulary.Merge merge = vocabulary.merge(word[i], word[i + 1]);
                if (merge != null && merge.rank() < bestRank) {
                    bestRank = merge.rank();
                    first = word[i];
                    second = word[i + 1];
                    mergedId = merge.mergedId();
                }
            }
            if (first < 0) {
                break;
            }
            int m = 0;
            for (int i = 0; i < n; ) {
                if (word[i] == first && i < n - 1 && word[i + 1] == second) {
                    next[m++] = mergedId;
                    i += 2;
                } else {
                    next[m++] = word[i];
                    i++;
                }
            }
            int[] swap = word;
            word = next;
            next = swap;
            n = m;
        }
        return Arrays.copyOf(word, n);
    }
}
