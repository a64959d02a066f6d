package io.clip4j.batch;

/** What a {@link Batcher} reports as it works (metrics); every method defaults to doing nothing. */
public interface BatchListener {
    /** A listener that ignores everything. */
    BatchListener NONE = new BatchListener() { };

    /** An encoder call ran on {@code size} items and took {@code nanos}. */
    default void batch(int size, long nanos) {
    }

    /** {@code items} queued items were given up. */
    default void dropped(DropReason reason, int items) {
    }

    /** A request of {@code items} items was refused because the queue was full. */
    default void rejected(int items) {
    }
}
