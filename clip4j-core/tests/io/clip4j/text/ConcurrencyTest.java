package io.clip4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One tokenizer used from 8 threads gives the same ids as used from one. */
class ConcurrencyTest {
    private static final String[] WORDS = {
        "a", "photo", "of", "the", "cat", "dog", "caf\u00e9", "na\u00efve", "\u65e5\u672c\u8a9e",
        "\uD83D\uDC31", "it's", "we\u2019re", "&amp;", "running", "supercalifragilistic", "42",
        "3.14", "hyphen-ated", "\u00c9COLE", "\u0391\u03a3", "x", "zzzzzzzzzz", "!!", "<b>",
    };

    private static List<String> texts(int count, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            int words = 1 + random.nextInt(30);
            for (int w = 0; w < words; w++) {
                text.append(WORDS[random.nextInt(WORDS.length)]);
                text.append(random.nextInt(4) == 0 ? "" : " ");
                if (random.nextInt(6) == 0) {
                    text.append((char) ('a' + random.nextInt(26))).append((char) ('a' + random.nextInt(26)));
                }
            }
            texts.add(text.toString());
        }
        return texts;
    }

    @Test
    void eightThreadsMatchSequentialResults() throws Exception {
        List<String> texts = texts(3000, 7);
        ClipTokenizer sequential = ClipTokenizer.fromVocabAndMerges(TokenizerFixtures.VOCAB_JSON, TokenizerFixtures.MERGES_TXT);
        List<int[]> expected = new ArrayList<>();
        for (String text : texts) {
            expected.add(sequential.tokenize(text));
        }
        ClipTokenizer shared = ClipTokenizer.fromVocabAndMerges(TokenizerFixtures.VOCAB_JSON, TokenizerFixtures.MERGES_TXT);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<int[]>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t * 97;
                Callable<List<int[]>> job = () -> {
                    List<int[]> out = new ArrayList<>();
                    for (int i = 0; i < texts.size(); i++) {
                        int k = (i + offset) % texts.size();
                        out.add(shared.tokenize(texts.get(k)));
                    }
                    return out;
                };
                results.add(pool.submit(job));
            }
            for (int t = 0; t < 8; t++) {
                List<int[]> out = results.get(t).get(120, TimeUnit.SECONDS);
                assertEquals(texts.size(), out.size());
                for (int i = 0; i < texts.size(); i++) {
                    int k = (i + t * 97) % texts.size();
                    assertArrayEquals(expected.get(k), out.get(i), "thread " + t + ", text " + k);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batchesFromSeveralThreads() throws Exception {
        List<String> texts = texts(64, 11);
        ClipTokenizer tokenizer = TokenizerFixtures.original();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    try (TokenBatch batch = tokenizer.tokenize(texts)) {
                        for (int i = 0; i < texts.size(); i++) {
                            assertArrayEquals(tokenizer.tokenize(texts.get(i)), batch.row(i));
                            assertEquals(49407, batch.ids().get(i * 77L + batch.length(i) - 1));
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                result.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
