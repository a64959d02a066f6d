package io.clip4j.train.tokenizer;

import io.clip4j.text.TokenizerRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The merge loop of byte-level BPE training over counted words: start from each word's byte
 * symbols (the last one with {@code </w>}), then repeatedly merge the most frequent adjacent
 * pair of symbols until the vocabulary is full or the best pair occurs fewer than
 * {@code minFrequency} times.
 *
 * <p>Ties go to the pair whose first token string, then second token string, is smallest
 * ({@link String#compareTo}), so training is deterministic. A pair is merged in every word
 * where it occurs, left to right and without overlap, exactly as {@link BytePairEncoder}
 * applies the merges later; the encoder therefore splits each training word into the same
 * tokens as training ended with.
 *
 * <p>Why it is fast: pair counts are kept across steps and only the words that hold the merged
 * pair are revisited (an index from pair to words finds them); a priority queue with lazy
 * re-insertion finds the best pair. Counts of existing pairs only ever fall, and every pair
 * that appears in a step contains the new token, so pushing the new pairs is enough.
 *
 * <p>Token ids follow CLIP's vocabulary: the 256 byte symbols in {@link
 * TokenizerRules#byteSymbols()} order, the same with {@code </w>}, then one token
 * per merge. Were a merge ever to spell a token that already exists (two different splits of
 * one string), it is skipped, so every token string has one id and every merge adds one token.
 */
final class MergeLearner {
    /** A learned merge of two token ids. */
    record Merge(int first, int second) {
    }

    /** What training produced: token strings by id (no special tokens) and merges in rank order. */
    record Result(List<String> tokens, List<Merge> merges) {
    }

    /** How many tokens exist before any merge: the byte symbols with and without {@code </w>}. */
    static final int BASE_SIZE = 512;

    /** Adjacent-pair statistics: total count and the words that (may) hold the pair. */
    private static final class PairStat {
        long count;
        boolean skipped;
        int[] words = new int[2];
        int size;

        void addWord(int word) {
            if (size > 0 && words[size - 1] == word) {
                return;
            }
            if (size == words.length) {
                words = Arrays.copyOf(words, size * 2);
            }
            words[size++] = word;
        }
    }

    /** A queue entry: the pair's count when it was queued (possibly stale). */
    private record Candidate(long count, int first, int second) {
    }

    private final List<String> tokens = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<Merge> merges = new ArrayList<>();
    private final int[][] words;
    private final int[] lengths;
    private final long[] counts;
    private final int[] visitedAt;
    private final Map<Long, PairStat> pairs = new HashMap<>();
    private final PriorityQueue<Candidate> queue;

    /**
     * @param wordCounts the unique pieces of the corpus with their counts
     */
    MergeLearner(Map<String, Long> wordCounts) {
        char[] symbols = TokenizerRules.byteSymbols();
        int[] byteToId = new int[256];
        for (int i = 0; i < 256; i++) {
            addToken(String.valueOf(symbols[i]));
            byteToId[TokenizerRules.byteOf(symbols[i])] = i;
        }
        for (int i = 0; i < 256; i++) {
            addToken(symbols[i] + TokenizerRules.END_OF_WORD);
        }
        Comparator<Candidate> order = Comparator.comparingLong(Candidate::count).reversed()
                .thenComparing(c -> tokens.get(c.first()))
                .thenComparing(c -> tokens.get(c.second()));
        queue = new PriorityQueue<>(order);
        // Sorted, so that the word index (and so everything) is independent of map order.
        String[] unique = wordCounts.keySet().toArray(new String[0]);
        Arrays.sort(unique);
        words = new int[unique.length][];
        lengths = new int[unique.length];
        counts = new long[unique.length];
        visitedAt = new int[unique.length];
        for (int w = 0; w < unique.length; w++) {
            byte[] bytes = unique[w].getBytes(StandardCharsets.UTF_8);
            int[] word = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                word[i] = byteToId[bytes[i] & 0xFF];
            }
            word[bytes.length - 1] += 256;
            words[w] = word;
            lengths[w] = word.length;
            counts[w] = wordCounts.get(unique[w]);
            for (int i = 0; i + 1 < word.length; i++) {
                PairStat stat = pairs.computeIfAbsent(pairKey(word[i], word[i + 1]), k -> new PairStat());
                stat.count += counts[w];
                stat.addWord(w);
            }
        }
        for (Map.Entry<Long, PairStat> e : pairs.entrySet()) {
            queue.add(new Candidate(e.getValue().count, first(e.getKey()), second(e.getKey())));
        }
    }

    /**
     * Learns merges until {@code maxTokens} tokens (base symbols included) exist or the best
     * pair occurs fewer than {@code minFrequency} times. Call once.
     */
    Result learn(int maxTokens, long minFrequency) {
        int step = 0;
        while (tokens.size() < maxTokens) {
            Candidate top = queue.poll();
            if (top == null) {
                break;
            }
            long key = pairKey(top.first(), top.second());
            PairStat stat = pairs.get(key);
            if (stat == null || stat.skipped) {
                continue;
            }
            if (stat.count != top.count()) {
                if (stat.count > 0) {
                    queue.add(new Candidate(stat.count, top.first(), top.second()));
                } else {
                    pairs.remove(key);
                }
                continue;
            }
            if (stat.count < minFrequency) {
                break;
            }
            String merged = tokens.get(top.first()) + tokens.get(top.second());
            if (ids.containsKey(merged)) {
                stat.skipped = true;
                continue;
            }
            int mergedId = addToken(merged);
            merges.add(new Merge(top.first(), top.second()));
            step++;
            Set<Long> created = new LinkedHashSet<>();
            for (int i = 0; i < stat.size; i++) {
                int w = stat.words[i];
                if (visitedAt[w] != step) {
                    visitedAt[w] = step;
                    mergeInWord(w, top.first(), top.second(), mergedId, created);
                }
            }
            pairs.remove(key);
            for (long k : created) {
                queue.add(new Candidate(pairs.get(k).count, first(k), second(k)));
            }
        }
        return new Result(List.copyOf(tokens), List.copyOf(merges));
    }

    /** Merges every (a, b) of word {@code w} into {@code merged}, updating the pair counts. */
    private void mergeInWord(int w, int a, int b, int merged, Set<Long> created) {
        int[] word = words[w];
        int n = lengths[w];
        boolean found = false;
        for (int i = 0; i + 1 < n && !found; i++) {
            found = word[i] == a && word[i + 1] == b;
        }
        if (!found) {
            return; // the index is a superset: the word lost this pair to an earlier merge
        }
        long count = counts[w];
        for (int i = 0; i + 1 < n; i++) {
            pairs.get(pairKey(word[i], word[i + 1])).count -= count;
        }
        int m = 0;
        for (int i = 0; i < n; ) {
            if (i + 1 < n && word[i] == a && word[i + 1] == b) {
                word[m++] = merged;
                i += 2;
            } else {
                word[m++] = word[i++];
            }
        }
        lengths[w] = m;
        for (int i = 0; i + 1 < m; i++) {
            long key = pairKey(word[i], word[i + 1]);
            PairStat stat = pairs.computeIfAbsent(key, k -> new PairStat());
            stat.count += count;
            if (word[i] == merged || word[i + 1] == merged) {
                stat.addWord(w);
                created.add(key);
            }
        }
    }

    private int addToken(String token) {
        int id = tokens.size();
        tokens.add(token);
        ids.put(token, id);
        return id;
    }

    private static long pairKey(int first, int second) {
        return (long) first << 32 | second & 0xFFFFFFFFL;
    }

    private static int first(long key) {
        return (int) (key >>> 32);
    }

    private static int second(long key) {
        return (int) key;
    }
}
