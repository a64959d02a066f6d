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
 * Measures a vector store (a Lucene directory or a database table) on random unit vectors or on
 * vectors from a file (embeddings): build time, size on disk (Lucene), HNSW query latency
 * (p50/p99) and recall@k against the exact search, per candidate count, and the exact search's
 * own latency. Random vectors in high dimension have no cluster structure, the hardest case for
 * HNSW: real embeddings usually reach a higher recall at the same settings. The same settings
 * and seed give the same vectors and queries for every store.
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
     * @param forceMerge merge to one segment (one graph) after the build (Lucene)
     * @param vectors null for random vectors; else a file of little-endian float32 rows of width
     *     {@code dim}: the first {@code count} rows are indexed, the next {@code queries} are the queries
     */
    public record Settings(int count, int dim, int queries, int k, List<Integer> candidates, int exactLatencyQueries,
                           int threads, long seed, IndexSettings index, boolean forceMerge, Path vectors) {
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
        run(dir.toString(), settings, results, progress);
    }

    /**
     * Builds an index at {@code location} (a new directory or a new table) and measures it.
     *
     * @param location a new index: a directory or a JDBC URL (see {@link VectorStores})
     * @param settings what to measure
     * @param results receives one ordered map per phase: {@code build}, {@code exact}, then one
     *     {@code hnsw} per candidate count
     * @param progress receives the number of vectors indexed so far, now and then
     */
    public static void run(String location, Settings settings, Consumer<Map<String, Object>> results, LongConsumer progress) {
        VectorSource source = VectorSource.of(settings);
        results.accept(build(location, settings, source, progress));
        float[][] queries = source.queries();
        try (VectorStore store = VectorStores.open(location, "cpu")) {
            long first = System.nanoTime();
            store.search(queries[0], SearchOptions.top(settings.k()).exactly()); // Lucene loads the vectors here
            double firstSeconds = (System.nanoTime() - first) / 1e9;
            long start = System.nanoTime();
            List<List<SearchHit>> truth = new ArrayList<>(queries.length);
            long[] exactNanos = new long[Math.min(settings.exactLatencyQueries(), queries.length)];
            for (int i = 0; i < queries.length; i++) {
                long t = System.nanoTime();
                truth.add(store.search(queries[i], SearchOptions.top(settings.k()).exactly()));
                if (i < exactNanos.length) {
                    exactNanos[i] = System.nanoTime() - t;
                }
            }
            double allSeconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> exact = line("exact", location, settings);
            exact.put("firstQuerySeconds", round(firstSeconds, 3)); // untimed below: Lucene loads the vectors in it
            exact.put("allQueriesSeconds", round(allSeconds, 3));
            exact.put("latencyQueries", exactNanos.length);
            putLatency(exact, exactNanos);
            results.accept(exact);
            for (int candidates : settings.candidates()) {
                results.accept(hnsw(store, location, queries, truth, settings, candidates));
            }
        }
    }

    private static Map<String, Object> build(String location, Settings settings, VectorSource source, LongConsumer progress) {
        ModelIdentity identity = settings.vectors() == null
                ? new ModelIdentity("random-unit-vectors", "(none)", "random-" + settings.seed(), settings.dim())
                : new ModelIdentity("vectors-file", settings.vectors().toAbsolutePath().toString(), "file", settings.dim());
        long start = System.nanoTime();
        AtomicLong done = new AtomicLong();
        Integer segments = null;
        try (VectorStoreWriter writer = VectorStores.openWriter(location, identity, Similarity.DOT_PRODUCT, settings.index())) {
            ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
            try {
                List<Future<?>> parts = new ArrayList<>();
                for (int t = 0; t < settings.threads(); t++) {
                    int thread = t;
                    parts.add(pool.submit(() -> addShare(writer, settings, source, thread, done, progress)));
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
            if (writer instanceof VectorIndexWriter lucene) {
                if (settings.forceMerge()) {
                    lucene.forceMerge(1);
                }
                try (var reader = lucene.openReader()) {
                    segments = reader.leaves().size();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> line = line("build", location, settings);
        line.put("seconds", round(seconds, 1));
        line.put("vectorsPerSecond", Math.round(settings.count() / seconds));
        if (segments != null) {
            long bytes = sizeOnDisk(Path.of(location));
            line.put("segments", segments);
            line.put("sizeBytes", bytes);
            line.put("bytesPerVector", round((double) bytes / settings.count(), 1));
        }
        line.put("rawVectorBytes", 4L * settings.count() * settings.dim());
        line.put("m", settings.index().maxConnections());
        line.put("beamWidth", settings.index().beamWidth());
        line.put("ramBufferMb", settings.index().ramBufferMb());
        line.put("threads", settings.threads());
        line.put("forceMerge", settings.forceMerge());
        return line;
    }

    /** Thread {@code thread} indexes vectors {@code thread, thread + threads, ...}. */
    private static void addShare(VectorStoreWriter writer, Settings settings, VectorSource source, int thread,
                                 AtomicLong done, LongConsumer progress) {
        float[] v = new float[settings.dim()];
        for (int i = thread; i < settings.count(); i += settings.threads()) {
            source.row(i, v);
            writer.add(new IndexedFile("v" + i, "", 0, 0), v);
            long n = done.incrementAndGet();
            if (n % 10_000 == 0) {
                progress.accept(n);
            }
        }
    }

    private static Map<String, Object> hnsw(VectorStore store, String location, float[][] queries,
                                            List<List<SearchHit>> truth, Settings settings, int candidates) {
        SearchOptions options = SearchOptions.top(settings.k()).withCandidates(candidates);
        int warmup = Math.min(queries.length, 100);
        for (int i = 0; i < warmup; i++) {
            store.search(queries[i], options);
        }
        long[] nanos = new long[queries.length];
        double recall = 0;
        for (int i = 0; i < queries.length; i++) {
            long t = System.nanoTime();
            List<SearchHit> hits = store.search(queries[i], options);
            nanos[i] = System.nanoTime() - t;
            Set<String> expected = new HashSet<>();
            truth.get(i).forEach(h -> expected.add(h.path()));
            long found = hits.stream().filter(h -> expected.contains(h.path())).count();
            recall += (double) found / expected.size();
        }
        Map<String, Object> line = line("hnsw", location, settings);
        line.put("candidates", candidates);
        putLatency(line, nanos);
        line.put("recallAtK", round(recall / queries.length, 4));
        return line;
    }

    private static Map<String, Object> line(String phase, String location, Settings settings) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("phase", phase);
        line.put("store", VectorStores.isDatabase(location) ? "pgvector" : "lucene");
        line.put("data", settings.vectors() == null ? "random" : settings.vectors().getFileName().toString());
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

    /** Where the benchmark's vectors come from: a seeded random stream, or rows of a float32 file. */
    private interface VectorSource {
        void row(int i, float[] into);

        float[][] queries();

        static VectorSource of(Settings settings) {
            return settings.vectors() == null ? random(settings) : file(settings);
        }

        /** Row i from its own seeded stream, so threads may fill rows in any order. */
        private static VectorSource random(Settings settings) {
            return new VectorSource() {
                @Override
                public void row(int i, float[] into) {
                    gaussian(new SplittableRandom(settings.seed() * 1_000_003L + i), into);
                }

                @Override
                public float[][] queries() {
                    float[][] out = new float[settings.queries()][settings.dim()];
                    SplittableRandom random = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
                    for (float[] q : out) {
                        gaussian(random, q);
                    }
                    return out;
                }
            };
        }

        private static VectorSource file(Settings settings) {
            Path file = settings.vectors();
            long rowBytes = 4L * settings.dim();
            java.nio.FloatBuffer all;
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
                long rows = channel.size() / rowBytes;
                if (channel.size() % rowBytes != 0 || rows < (long) settings.count() + settings.queries()) {
                    throw new ClipException(file + ": holds " + channel.size() + " bytes; " + settings.dim() + "-wide float32"
                            + " rows for " + settings.count() + " vectors and " + settings.queries() + " queries need "
                            + ((long) settings.count() + settings.queries()) * rowBytes);
                }
                all = channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, channel.size())
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            } catch (IOException e) {
                throw new ClipException(file + ": cannot be read: " + e.getMessage(), e);
            }
            return new VectorSource() {
                @Override
                public void row(int i, float[] into) {
                    all.get(i * settings.dim(), into);
                }

                @Override
                public float[][] queries() {
                    float[][] out = new float[settings.queries()][settings.dim()];
                    for (int q = 0; q < out.length; q++) {
                        row(settings.count() + q, out[q]);
                    }
                    return out;
                }
            };
        }
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
