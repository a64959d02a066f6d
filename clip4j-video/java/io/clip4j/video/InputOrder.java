package io.clip4j.video;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Work on several videos at once, results handed on in input order: {@code work} runs on up to
 * {@code parallel} daemon threads, {@code inOrder} on the calling thread as each result's turn
 * comes (a store written in order, a video's lines printed together).
 */
public final class InputOrder {
    private InputOrder() {
    }

    /**
     * Runs {@code work} on every item and hands each result to {@code inOrder}, in the items' order.
     *
     * @throws RuntimeException what {@code work} threw, for the first item whose turn it was
     */
    public static <T, R> void forEach(List<T> items, int parallel, String threadName, Function<T, R> work,
                                      BiConsumer<T, R> inOrder) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, not " + parallel);
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> pending = new ArrayList<>(items.size());
            for (T item : items) {
                pending.add(pool.submit(() -> work.apply(item)));
            }
            for (int i = 0; i < items.size(); i++) {
                inOrder.accept(items.get(i), await(pending.get(i)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> R await(Future<R> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a video", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
