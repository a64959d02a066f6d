package io.clip4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.Pointer;

/**
 * The repeat-many-times check every hot path gets: run the work until allocators settle, then
 * many more times, and require that JavaCPP-tracked memory did not grow at all and resident
 * memory by less than a slack (the test JVM's heap is fixed and pre-touched, so resident growth
 * is native memory).
 */
public final class NativeMemory {
    private NativeMemory() {
    }

    /**
     * Resident bytes once the garbage collector has run and the C allocator has handed its free
     * memory back to the system ({@code malloc_trim}): glibc keeps freed blocks below its
     * mmap threshold, which rises after large frees, so without the trim freed model weights
     * still count, by a varying amount (measured -112 to +589 MB for the same int8 test).
     */
    public static long settledResidentBytes() {
        System.gc();
        Pointer.trimMemory();
        return Pointer.physicalBytes();
    }

    /** Runs {@code once} {@code warmup} times, then {@code iterations} times, and checks growth. */
    public static void assertFlat(String what, int warmup, int iterations, long slackBytes, Runnable once) {
        for (int i = 0; i < warmup; i++) {
            once.run(); // let allocator pools, OpenCV's buffers and the JIT settle
        }
        long physicalBefore = settledResidentBytes();
        long totalBefore = Pointer.totalBytes();
        int report = Math.max(1, iterations / 5);
        for (int i = 0; i < iterations; i++) {
            once.run();
            if (i % report == report - 1) {
                System.out.printf("%s after %5d iterations: resident %+,d bytes%n", what, i + 1,
                        Pointer.physicalBytes() - physicalBefore);
            }
        }
        long physicalGrowth = settledResidentBytes() - physicalBefore;
        long totalGrowth = Pointer.totalBytes() - totalBefore;
        System.out.printf("%s: native memory after %d iterations: JavaCPP-tracked %+,d bytes, resident %+,d bytes%n",
                what, iterations, totalGrowth, physicalGrowth);
        assertTrue(totalGrowth <= 0, what + ": JavaCPP-tracked bytes grew by " + totalGrowth);
        assertTrue(physicalGrowth < slackBytes, what + ": resident memory grew by " + physicalGrowth);
    }
}
