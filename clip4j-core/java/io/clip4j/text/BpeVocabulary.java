package io.clip4j.text;

import io.clip4j.InvalidModelException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A byte-level BPE vocabulary as CLIP uses it: token strings with their ids, the merge rules
 * ranked by their position in the merges list, the end-of-word suffix ({@code "</w>"}) and the
 * ids of {@code <|startoftext|>} and {@code <|endoftext|>}. Immutable once built.
 *
 * <p>Merges are kept as pairs of token ids, so that encoding never handles strings: the
 * pair's rank and the id of the merged token are looked up together.
 */
final class BpeVocabulary {
    /** One merge rule as read from a file; {@code where} locates it for error messages. */
    record MergeSpec(String first, String second, String where) {
    }

    /** What merging a pair gives: its rank (lower merges first) and the merged token's id. */
    record Merge(int rank, int mergedId) {
    }

    private final Path vocabSource;
    private final Path mergesSource;
    private final Map<String, Integer> ids;
    private final String[] tokens;
    private final Map<Long, Merge> merges;
    private final int[] byteIds = new int[256];
    private final int[] endOfWordByteIds = new int[256];
    private final String endOfWordSuffix;
    private final int startId;
    private final int endId;

    /**
     * Checks and indexes a vocabulary.
     *
     * @param vocabSource the file the token table came from, named by errors about it
     * @param vocabField how that file names the token table, for error messages
     * @param ids token to id, including the two special tokens
     * @param mergesSource the file the merges came from, named by errors about them
     * @param mergeSpecs merge rules in rank order; a later duplicate overrides an earlier one
     * @param endOfWordSuffix appended to the last symbol of each piece ("" for none)
     * @throws InvalidModelException if a byte symbol, a special token or a merge's token is
     *     missing from the vocabulary, or an id is negative
     */
    BpeVocabulary(Path vocabSource, String vocabField, Map<String, Integer> ids,
            Path mergesSource, List<MergeSpec> mergeSpecs, String endOfWordSuffix) {
        this.vocabSource = vocabSource;
        this.mergesSource = mergesSource;
        this.ids = Map.copyOf(ids);
        this.endOfWordSuffix = endOfWordSuffix;
        int maxId = -1;
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            if (e.getValue() < 0) {
                throw new InvalidModelException(vocabSource,
                        vocabField + ": token '" + e.getKey() + "' has negative id " + e.getValue());
            }
            maxId = Math.max(maxId, e.getValue());
        }
        tokens = new String[maxId + 1];
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            String previous = tokens[e.getValue()];
            // Several strings for one id: keep a stable choice for decoding.
            if (previous == null || previous.compareTo(e.getKey()) > 0) {
                tokens[e.getValue()] = e.getKey();
            }
        }
        for (int b = 0; b < 256; b++) {
            String symbol = String.valueOf(ByteUnicode.symbolOf(b));
            byteIds[b] = require(vocabField, symbol, "byte symbol");
            endOfWordByteIds[b] = require(vocabField, symbol + endOfWordSuffix, "byte symbol");
        }
        startId = require(vocabField, PreTokenizer.START_OF_TEXT, "special token");
        endId = require(vocabField, PreTokenizer.END_OF_TEXT, "special token");
        merges = new HashMap<>(mergeSpecs.size() * 2);
        for (int rank = 0; rank < mergeSpecs.size(); rank++) {
            MergeSpec spec = mergeSpecs.get(rank);
            int first = requireMergeToken(spec, spec.first());
            int second = requireMergeToken(spec, spec.second());
            int merged = requireMergeToken(spec, spec.first() + spec.second());
            merges.put(pairKey(first, second), new Merge(rank, merged));
        }
    }

    private int require(String vocabField, String token, String what) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new InvalidModelException(vocabSource,
                    vocabField + " has no " + what + " '" + token + "'");
        }
        return id;
    }

    private int requireMergeToken(MergeSpec spec, String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new InvalidModelException(mergesSource, spec.where() + ": merge '" + spec.first()
                    + " " + spec.second() + "' uses '" + token + "', which is not in the vocabulary");
        }
        return id;
    }

    static long pairKey(int first, int second) {
        return ((long) first << 32) | (second & 0xFFFFFFFFL);
    }

    /** The merge for an adjacent pair of token ids, or null if the pair never merges. */
    Merge merge(int first, int second) {
        return merges.get(pairKey(first, second));
    }

    /** The id of the symbol for byte value {@code b} inside a word. */
    int byteId(int b) {
        return byteIds[b & 0xFF];
    }

    /** The id of the symbol for byte value {@code b} ending a word (with the suffix). */
    int endOfWordByteId(int b) {
        return endOfWordByteIds[b & 0xFF];
    }

    /** The id of a token string, or null. */
    Integer id(String token) {
        return ids.get(token);
    }

    /** The token string of an id, or null for an id outside the vocabulary. */
    String token(int id) {
        return id >= 0 && id < tokens.length ? tokens[id] : null;
    }

    /** One more than the largest id. */
    int size() {
        return tokens.length;
    }

    int startId() {
        return startId;
    }

    int endId() {
        return endId;
    }

    String endOfWordSuffix() {
        return endOfWordSuffix;
    }
}
