package io.clip4j.batch;

import java.util.function.BooleanSupplier;

/** Waiting in tests for something another thread does, with a deadline instead of a fixed sleep. */
public final class Conditions {
    private Conditions() {
    }

    /** Polls {@code condition} every 20 ms for up to 20 s; fails naming {@code what}. */
    public static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
