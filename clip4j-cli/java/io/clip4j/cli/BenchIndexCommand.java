package io.clip4j.cli;

import io.clip4j.index.IndexBenchmark;
import io.clip4j.index.IndexSettings;
import io.clip4j.index.VectorStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clip4j bench-index}: build an index of random unit vectors and measure build time,
 * size on disk, query latency and recall@k of HNSW against exact search.
 */
@Command(name = "bench-index", description = {
    "Index random unit vectors, then measure build time, size on disk, exact and HNSW query latency (p50/p99)",
    "and HNSW recall@k against exact search; one JSON line per phase."})
public final class BenchIndexCommand implements Callable<Integer> {
    /** Creates the command; picocli fills in its options. */
    public BenchIndexCommand() {
    }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--count", defaultValue = "1000000", paramLabel = "N", description = "Vectors (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--dim", defaultValue = "512", paramLabel = "D", description = "Dimensions (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--queries", defaultValue = "200", paramLabel = "Q", description = "Random queries (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--k", defaultValue = "10", paramLabel = "K", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--candidates", split = ",", defaultValue = "10,50,100,200", paramLabel = "C1,C2",
            description = "HNSW candidate counts to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> candidates;

    @Option(names = "--exact-queries", defaultValue = "20", paramLabel = "N",
            description = "Queries that time the exact search one by one (default: ${DEFAULT-VALUE}).")
    int exactQueries;

    @Option(names = "--threads", paramLabel = "T", description = "Indexing threads (default: the number of CPUs).")
    Integer threads;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--m", defaultValue = "16", paramLabel = "M", description = "HNSW neighbours per node (default: ${DEFAULT-VALUE}).")
    int m;

    @Option(names = "--beam", defaultValue = "100", paramLabel = "B", description = "HNSW beam width while building (default: ${DEFAULT-VALUE}).")
    int beam;

    @Option(names = "--ram-buffer-mb", defaultValue = "1024", paramLabel = "MB",
            description = "Indexing buffer before a segment is written (default: ${DEFAULT-VALUE}).")
    double ramBufferMb;

    @Option(names = "--merge-workers", defaultValue = "1", paramLabel = "N",
            description = "Threads per HNSW graph merge (default: ${DEFAULT-VALUE}).")
    int mergeWorkers;

    @Option(names = "--force-merge", description = "Merge into one segment (one graph) after building.")
    boolean forceMerge;

    /** Where to build: --index DIR (new or empty; default: a temporary directory) or --store JDBC_URL (a new table, kept). */
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    IndexLocation where;

    @Option(names = "--keep", description = "Keep the index afterwards (a temporary one is deleted by default).")
    boolean keep;

    @Option(names = "--vectors", paramLabel = "FILE", description = "Little-endian float32 rows of width --dim to index "
            + "instead of random vectors: the first --count rows, then --queries rows as the queries.")
    Path vectors;

    @Override
    public Integer call() throws IOException {
        int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        IndexBenchmark.Settings settings = new IndexBenchmark.Settings(count, dim, queries, k, candidates, exactQueries,
                threadCount, seed, IndexSettings.defaults().withGraph(m, beam).withRamBufferMb(ramBufferMb)
                        .withMergeWorkers(mergeWorkers), forceMerge, vectors);
        String location = where == null ? null : where.location(spec.commandLine());
        if (location != null && VectorStores.isDatabase(location)) {
            run(settings, progress -> IndexBenchmark.run(location, settings, line -> JsonLines.print(spec.commandLine().getOut(), line),
                    progress));
            return 0;
        }
        Path dir = location != null ? Path.of(location) : Files.createTempDirectory("clip4j-bench-index");
        try {
            run(settings, progress -> IndexBenchmark.run(dir, settings, line -> JsonLines.print(spec.commandLine().getOut(), line),
                    progress));
        } finally {
            if (location == null && !keep) {
                deleteTree(dir);
            }
        }
        return 0;
    }

    /** Runs {@code benchmark} with a progress bar fed from every indexing thread. */
    private void run(IndexBenchmark.Settings settings, java.util.function.Consumer<java.util.function.LongConsumer> benchmark) {
        try (Progress progress = new Progress("bench-index", settings.count())) {
            long[] last = {0};
            benchmark.accept(done -> {
                synchronized (last) { // called from every indexing thread
                    if (done > last[0]) {
                        progress.step(done - last[0]);
                        last[0] = done;
                    }
                }
            });
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
