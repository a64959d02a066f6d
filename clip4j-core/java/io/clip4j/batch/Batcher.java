package io.clip4j.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Dynamic batching for one encoder: requests {@linkplain #submit submit} their items to a bounded
 * {@link WorkQueue}; one worker thread takes up to {@code maxBatch} items, or whatever arrived
 * within {@code maxWait} of the first, runs one {@link BatchEncoder} call on them and hands each
 * result to its request's {@link Job}. Futures complete on {@code completions}, never on the
 * worker, so that writing responses does not hold up the next batch.
 *
 * <p><b>Ownership of inputs.</b> {@link #submit} takes the inputs over whatever happens: each is
 * passed to {@code release} exactly once — after its batch ran, when its job is given up while it
 * is still queued, or at once when the submission is refused. Whoever removes an item from the
 * queue releases it.
 *
 * <p>If a batch of several items fails, each item is retried alone, so that one bad input fails
 * only its own request.
 *
 * @param <I> an input item
 * @param <R> an item's result
 */
public final class Batcher<I, R> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Batcher.class.getName());

    private record Item<I, R>(I input, Job<R> job, int index) {
    }

    private final String name;
    private final BatchEncoder<I, R> encoder;
    private final Consumer<? super I> release;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final WorkQueue<Item<I, R>> queue;
    private final Executor completions;
    private final BatchListener listener;
    private final Thread worker;

    /**
     * Starts the worker thread.
     *
     * @param name        names the thread ({@code clip4j-batcher-NAME}) and appears in logs
     * @param encoder     one call per batch
     * @param release     frees an input once nobody needs it (e.g. closes a decoded image)
     * @param maxBatch    the most items per encoder call
     * @param maxWait     how long a batch waits to fill after its first item; zero runs at once
     * @param capacity    the most items queued at once
     * @param completions where jobs' futures complete (and so where their dependents run)
     * @param listener    metrics
     */
    public Batcher(String name, BatchEncoder<I, R> encoder, Consumer<? super I> release, int maxBatch, Duration maxWait,
                   int capacity, Executor completions, BatchListener listener) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
        }
        this.name = Objects.requireNonNull(name);
        this.encoder = Objects.requireNonNull(encoder);
        this.release = Objects.requireNonNull(release);
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.queue = new WorkQueue<>(capacity);
        this.completions = Objects.requireNonNull(completions);
        this.listener = Objects.requireNonNull(listener);
        this.worker = new Thread(this::work, "clip4j-batcher-" + name);
        this.worker.setDaemon(true); // never keeps a JVM alive on its own (a Spark executor, a CLI run)
        this.worker.start();
    }

    /**
     * Queues one item per input, all or none, and returns the job that completes with their
     * results in order. Takes ownership of the inputs (see the class comment).
     *
     * @throws RejectedException when the queue has no room for all of them (nothing is queued)
     *                           or the batcher is shutting down
     */
    public Job<R> submit(List<I> inputs) {
        Job<R> job = new Job<>(inputs.size(), completions);
        if (inputs.isEmpty()) {
            return job;
        }
        List<Item<I, R>> items = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            items.add(new Item<>(inputs.get(i), job, i));
        }
        job.onCancel(() -> {
            int removed = 0;
            for (Item<I, R> item : items) {
                if (queue.remove(item)) {
                    releaseQuietly(item.input());
                    removed++;
                }
            }
            if (removed > 0) {
                listener.dropped(job.dropReason(), removed);
            }
        });
        WorkQueue.Offer offer = queue.offerAll(items);
        if (offer != WorkQueue.Offer.ACCEPTED) {
            inputs.forEach(this::releaseQuietly);
            if (offer == WorkQueue.Offer.FULL) {
                listener.rejected(inputs.size());
                throw new RejectedException(RejectedException.Reason.QUEUE_FULL, "the " + name + " queue is full ("
                        + queue.size() + " of " + queue.capacity() + " items queued; this request has " + inputs.size() + ")");
            }
            throw new RejectedException(RejectedException.Reason.SHUTTING_DOWN, "the " + name + " batcher is shutting down");
        }
        return job;
    }

    /** Items waiting now. */
    public int queued() {
        return queue.size();
    }

    /** The most items the queue holds. */
    public int capacity() {
        return queue.capacity();
    }

    /** Stops accepting work; what is queued still runs, without waiting for batches to fill. */
    public void shutdown() {
        queue.close();
    }

    /** Waits for the worker to finish the queued work after {@link #shutdown()}; true if it did. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        worker.join(timeout);
        return !worker.isAlive();
    }

    /**
     * Shuts down, lets queued work finish for up to {@code timeout}, then gives up on what is
     * left (those jobs fail with {@link DropReason#SHUTDOWN}).
     */
    public void close(Duration timeout) {
        shutdown();
        try {
            if (!awaitTermination(timeout)) {
                dropQueued();
                worker.interrupt();
                worker.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            dropQueued();
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #close(Duration)} with a 30-second grace period. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private void dropQueued() {
        List<Item<I, R>> left = queue.clear();
        Map<Job<R>, Boolean> jobs = new IdentityHashMap<>();
        for (Item<I, R> item : left) {
            releaseQuietly(item.input());
            jobs.put(item.job(), Boolean.TRUE);
        }
        if (!left.isEmpty()) {
            listener.dropped(DropReason.SHUTDOWN, left.size());
        }
        jobs.keySet().forEach(job -> job.cancel(DropReason.SHUTDOWN));
    }

    private void work() {
        try {
            while (true) {
                List<Item<I, R>> batch = queue.takeBatch(maxBatch, maxWaitNanos);
                if (batch.isEmpty()) {
                    return; // closed and drained
                }
                run(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs one batch. Every input is released before any result is handed out, so that a client
     * holding its answer knows the batcher no longer holds its inputs.
     */
    private void run(List<Item<I, R>> taken) {
        List<Item<I, R>> live = new ArrayList<>(taken.size());
        List<Object> results = new ArrayList<>(taken.size());
        Throwable[] errors = new Throwable[taken.size()];
        try {
            int dropped = 0;
            DropReason reason = null;
            for (Item<I, R> item : taken) {
                if (item.job().isDropped()) {
                    dropped++;
                    reason = item.job().dropReason();
                } else {
                    live.add(item);
                }
            }
            if (dropped > 0) {
                listener.dropped(reason, dropped);
            }
            if (live.isEmpty()) {
                return;
            }
            long start = System.nanoTime();
            try {
                results.addAll(encode(live));
            } catch (RuntimeException | Error e) {
                results.clear();
                if (live.size() == 1) {
                    results.add(null);
                    errors[0] = e;
                } else {
                    for (int i = 0; i < live.size(); i++) { // find the culprit: each alone
                        try {
                            results.add(encode(List.of(live.get(i))).get(0));
                        } catch (RuntimeException | Error single) {
                            results.add(null);
                            errors[i] = single;
                        }
                    }
                }
            }
            listener.batch(live.size(), System.nanoTime() - start);
        } finally {
            taken.forEach(item -> releaseQuietly(item.input()));
        }
        deliver(live, results, errors);
    }

    @SuppressWarnings("unchecked")
    private void deliver(List<Item<I, R>> items, List<Object> results, Throwable[] errors) {
        for (int i = 0; i < items.size(); i++) {
            Item<I, R> item = items.get(i);
            if (errors[i] != null) {
                item.job().fail(errors[i]);
                LOG.log(System.Logger.Level.WARNING, "a " + name + " item failed", errors[i]);
            } else {
                item.job().complete(item.index(), (R) results.get(i));
            }
        }
    }

    private List<R> encode(List<Item<I, R>> items) {
        List<I> inputs = new ArrayList<>(items.size());
        for (Item<I, R> item : items) {
            inputs.add(item.input());
        }
        List<R> results = encoder.encode(inputs);
        if (results == null || results.size() != inputs.size()) {
            throw new IllegalStateException("the " + name + " encoder returned " + (results == null ? "null" : results.size())
                    + " results for " + inputs.size() + " inputs");
        }
        return results;
    }

    private void releaseQuietly(I input) {
        try {
            release.accept(input);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing a " + name + " input failed", e);
        }
    }
}
