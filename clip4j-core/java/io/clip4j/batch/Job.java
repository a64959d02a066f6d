package io.clip4j.batch;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One request's work in a {@link Batcher}: its items' results, kept in request order whatever
 * batches the items land in, and the future that completes when the last one arrives.
 * A job can be {@linkplain #cancel given up} (timeout, client gone): its items still queued are
 * taken off the queue and freed, and its future fails with {@link DroppedException}.
 *
 * @param <R> the result of one item
 */
public final class Job<R> {
    private final Object[] results;
    private final AtomicInteger remaining;
    private final CompletableFuture<List<R>> future = new CompletableFuture<>();
    private final AtomicReference<DropReason> dropped = new AtomicReference<>();
    private final Executor completions;
    private volatile Runnable onCancel = () -> { };

    Job(int size, Executor completions) {
        this.results = new Object[size];
        this.remaining = new AtomicInteger(size);
        this.completions = completions;
        if (size == 0) {
            future.complete(List.of());
        }
    }

    /** Completes with every item's result, in request order; fails if the work failed or was dropped. */
    public CompletableFuture<List<R>> future() {
        return future;
    }

    /** The number of items. */
    public int size() {
        return results.length;
    }

    /**
     * Gives the job up: its queued items are removed from the queue and freed (items already in a
     * running batch finish, their results are discarded). Does nothing once the job is done.
     *
     * @return true if this call dropped it
     */
    public boolean cancel(DropReason reason) {
        if (future.isDone() || !dropped.compareAndSet(null, reason)) {
            return false;
        }
        onCancel.run();
        return future.completeExceptionally(new DroppedException(reason));
    }

    /** Why the job was given up, or null. */
    public DropReason dropReason() {
        return dropped.get();
    }

    boolean isDropped() {
        return dropped.get() != null;
    }

    void onCancel(Runnable action) {
        this.onCancel = action;
    }

    /** Stores item {@code index}'s result; the last one completes the future. */
    @SuppressWarnings("unchecked")
    void complete(int index, R value) {
        results[index] = value;
        if (remaining.decrementAndGet() == 0) {
            List<R> all = (List<R>) Arrays.asList(results.clone());
            onCompletionThread(() -> future.complete(all));
        }
    }

    /** Fails the job (on the completion executor, like {@link #complete}). */
    void fail(Throwable error) {
        onCompletionThread(() -> future.completeExceptionally(error));
    }

    private void onCompletionThread(Runnable action) {
        try {
            completions.execute(action);
        } catch (RejectedExecutionException e) {
            action.run(); // the completions executor is shutting down: complete here
        }
    }

    /** The future of a job that was given up fails with this. */
    public static final class DroppedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient DropReason reason;

        DroppedException(DropReason reason) {
            super("dropped: " + reason.label(), null, false, false);
            this.reason = reason;
        }

        /** Why. */
        public DropReason reason() {
            return reason;
        }
    }
}
