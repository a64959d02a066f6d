package io.clip4j.serve;

import org.bytedeco.openblas.presets.openblas_nolapack;

/**
 * OpenBLAS's thread count for a CPU server. The bytedeco CPU libtorch runs its matrix products on
 * OpenBLAS, whose worker threads (one per core by default) compete with the server's own threads:
 * measured on the project's 2-core machine with the tiny model, a text batch of 64 took about
 * 65 ms with OpenBLAS's default threads and about 2 ms with one, and dynamic batching turned
 * from slower than no batching into 5 times faster. A server gets its parallelism from batching
 * and from handling requests concurrently, so {@code clip4j serve} gives OpenBLAS one thread
 * unless told otherwise ({@code --blas-threads}, or {@code OPENBLAS_NUM_THREADS} in the
 * environment, which it leaves alone). The setting is process-wide.
 */
public final class CpuThreads {
    /** The environment variable OpenBLAS reads at start-up. */
    public static final String VARIABLE = "OPENBLAS_NUM_THREADS";

    private CpuThreads() {
    }

    /**
     * Applies the thread count for a server on {@code device}.
     *
     * @param requested threads; 0 keeps OpenBLAS's default, negative means "1 unless
     *                  {@code OPENBLAS_NUM_THREADS} is set"
     * @return what was applied, as words for the start-up line
     */
    public static String apply(String device, int requested) {
        if (!device.equals("cpu")) {
            return "GPU: OpenBLAS threads unchanged";
        }
        if (requested == 0) {
            return "OpenBLAS threads: library default";
        }
        if (requested < 0 && System.getenv(VARIABLE) != null) {
            return "OpenBLAS threads: " + System.getenv(VARIABLE) + " ($" + VARIABLE + ")";
        }
        int threads = requested < 0 ? 1 : requested;
        openblas_nolapack.blas_set_num_threads(threads);
        return "OpenBLAS threads: " + threads;
    }
}
