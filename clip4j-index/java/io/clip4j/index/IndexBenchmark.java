package io.clip4j.index;

import io.clip4j.ClipException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Measures the vector index on random unit vectors: build time, size on disk, HNSW query latency
 * (p50/p99) and recall@k against the exact search, per candidate count, and the exact search's
 * own latency. Random vectors in high dimension have no cluster structure, the hardest case for
 * HNSW: real embeddings usually reach a higher recall at the same settings.
 *
 * <p>Each phase reports one result as an ordered map (the CLI prints them as JSON lines).
 */
public final class IndexBenchmark {
    /**
     * What to measure.
     *
     * @param count vectors to index
     * @param dim their width
     * @param queries random query vectors for latency and recall
     * @param k neighbours per query
     * @param candidates HNSW candidate counts to try, each at least {@code k}
     * @param exactLatencyQueries how many queries time the exact search one at a time
     * @param threads indexing threads
     * @param seed random seed
     * @param index graph and buffer settings
     * @param forceMerge merge to one segment (one graph) after the build
     */
    public record Settings(int count, int dim, int queries, int k, List<Integer> candidates, int exactLatencyQueries,
                           int threads, long seed, IndexSettings index, boolean forceMerge) {
        /** Checks the fields. */
        public Settings {
            if (count < 1 || dim < 1 || dim > VectorIndexWriter.MAX_DIMENSIONS || queries < 1 || k < 1 || threads < 1
                    || exactLatencyQueries < 0) {
                throw new ClipException("benchmark needs count, queries, k and threads >= 1, dim in [1, "
                        + VectorIndexWriter.MAX_DIMENSIONS + "] and exact latency queries >= 0");
            }
            candidates = List.copyOf(candidates);
            for (int c : candidates) {
                if (c < k) {
                    throw new ClipException("candidates must each be at least k (" + k + "), not " + c);
                }
            }
        }
    }

    private IndexBenchmark() {
    }

    /**
     * Builds an index of random vectors in {@code dir} (which must not hold one) and measures it.
     *
     * @param dir a new or empty directory for the index
     * @param settings what to measure
     * @param results receives one ordered map per phase: {@code build}, {@code exact}, then one
     *     {@code hnsw} per candidate count
     * @param progress receives the number of vectors indexed so far, now and then
     */
    public static void run(Path dir, Settings settings, Consumer<Map<String, Object>> results, LongConsumer progress) {
        if (Files.exists(dir) && LuceneFiles.holdsOtherFiles(dir)) {
            throw new IndexException(dir, "is not empty; the benchmark needs a new or empty directory");
        }
        results.accept(build(dir, settings, progress));
        float[][] queries = vectors(settings.queries(), settings.dim(), settings.seed() ^ 0x5DEECE66DL);
        try (VectorIndex index = VectorIndex.open(dir)) {
            long start = System.nanoTime();
            List<List<SearchHit>> truth = index.searchExact(queries, settings.k());
            double batchSeconds = (System.nanoTime() - start) / 1e9;
            long[] exactNanos = new long[Math.min(settings.exactLatencyQueries(), queries.length)];
            for (int i = 0; i < exactNanos.length; i++) {
                long t = System.nanoTime();
                index.searchExact(queries[i], settings.k());
                exactNanos[i] = System.nanoTime() - t;
            }
            Map<String, Object> exact = line("exact", settings);
            exact.put("firstBatchSeconds", round(batchSeconds, 3)); // includes loading the vectors onto the device
            exact.put("latencyQueries", exactNanos.length);
            putLatency(exact, exactNanos);
            results.accept(exact);
            for (int candidates : settings.candidates()) {
                results.accept(hnsw(index, queries, truth, settings, candidates));
            }
        }
    }

    private static Map<String, Object> build(Path dir, Settings settings, LongConsumer progress) {
        ModelIdentity identity = new ModelIdentity("random-unit-vectors", "(none)", "random-" + settings.seed(),
                settings.dim());
        long start = System.nanoTime();
        AtomicLong done = new AtomicLong();
        int segments;
        try (VectorIndexWriter writer = VectorIndexWriter.open(dir, identity, Similarity.DOT_PRODUCT, settings.index())) {
            ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
            try {
                List<Future<?>> parts = new ArrayList<>();
                for (int t = 0; t < settings.threads(); t++) {
                    int thread = t;
                    parts.add(pool.submit(() -> addShare(writer, settings, thread, done, progress)));
                }
                for (Future<?> part : parts) {
                    part.get();
                }
            } catch (Exception e) {
                throw new IllegalStateException("indexing failed: " + e.getMessage(), e);
            } finally {
                pool.shutdownNow();
            }
            writer.commit();
            if (settings.forceMerge()) {
                writer.forceMerge(1);
            }
            try (var reader = writer.openReader()) {
                segments = reader.leaves().size();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = sizeOnDisk(dir);
        Map<String, Object> line = line("build", settings);
        line.put("seconds", round(seconds, 1));
        line.put("vectorsPerSecond", Math.round(settings.count() / seconds));
        line.put("segments", segments);
        line.put("sizeBytes", bytes);
        line.put("bytesPerVector", round((double) bytes / settings.count(), 1));
        line.put("rawVectorBytes", 4L * settings.count() * settings.dim());
        line.put("m", settings.index().maxConnections());
        line.put("beamWidth", settings.index().beamWidth());
        line.put("ramBufferMb", settings.index().ramBufferMb());
        line.put("threads", settings.threads());
        line.put("forceMerge", settings.forceMerge());
        return line;
    }

    /** Thread {@code thread} indexes vectors {@code thread, thread + threads, ...}. */
    private static void addShare(VectorIndexWriter writer, Settings settings, int thread, AtomicLong done,
                                 LongConsumer progress) {
        SplittableRandom random = new SplittableRandom(settings.seed() + 7919L * thread);
        float[] v = new float[settings.dim()];
        for (int i = thread; i < settings.count(); i += settings.threads()) {
            gaussian(random, v);
            writer.add(new IndexedFile("v" + i, "", 0, 0), v);
            long n = done.incrementAndGet();
            if (n % 10_000 == 0) {
                progress.accept(n);
            }
        }
    }

    private static Map<String, Object> hnsw(VectorIndex index, float[][] queries, List<List<SearchHit>> truth,
                                            Settings settings, int candidates) {
        int warmup = Math.min(queries.length, 100);
        for (int i = 0; i < warmup; i++) {
            index.search(queries[i], settings.k(), candidates);
        }
        long[] nanos = new long[queries.length];
        double recall = 0;
        for (int i = 0; i < queries.length; i++) {
            long t = System.nanoTime();
            List<SearchHit> hits = index.search(queries[i], settings.k(), candidates);
            nanos[i] = System.nanoTime() - t;
            Set<String> expected = new HashSet<>();
            truth.get(i).forEach(h -> expected.add(h.path()));
            long found = hits.stream().filter(h -> expected.contains(h.path())).count();
            recall += (double) found / expected.size();
        }
        Map<String, Object> line = line("hnsw", settings);
        line.put("candidates", candidates);
        putLatency(line, nanos);
        line.put("recallAtK", round(recall / queries.length, 4));
        return line;
    }

    private static Map<String, Object> line(String phase, Settings settings) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("phase", phase);
        line.put("count", settings.count());
        line.put("dim", settings.dim());
        if (!phase.equals("build")) {
            line.put("k", settings.k());
            line.put("queries", settings.queries());
        }
        return line;
    }

    private static void putLatency(Map<String, Object> line, long[] nanos) {
        if (nanos.length == 0) {
            return;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        line.put("p50Ms", round(percentile(sorted, 0.50) / 1e6, 3));
        line.put("p99Ms", round(percentile(sorted, 0.99) / 1e6, 3));
        line.put("meanMs", round(Arrays.stream(sorted).average().orElse(0) / 1e6, 3));
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static float[][] vectors(int count, int dim, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] out = new float[count][dim];
        for (float[] v : out) {
            gaussian(random, v);
        }
        return out;
    }

    /** Fills {@code v} with a random direction (normal samples, scaled to unit length). */
    private static void gaussian(SplittableRandom random, float[] v) {
        double sum = 0;
        for (int d = 0; d < v.length; d++) {
            double g = random.nextGaussian();
            v[d] = (float) g;
            sum += g * g;
        }
        float inverse = (float) (1 / Math.sqrt(sum));
        for (int d = 0; d < v.length; d++) {
            v[d] *= inverse;
        }
    }

    private static long sizeOnDisk(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
