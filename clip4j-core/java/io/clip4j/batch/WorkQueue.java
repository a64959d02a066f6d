package io.clip4j.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded FIFO of work items with the two operations dynamic batching needs: all-or-nothing
 * insertion of a request's items, and taking a batch of up to {@code max} items, waiting a short
 * while for the batch to fill. Items stay in the queue while the batch forms, so a request that is
 * given up during the wait can still {@link #remove} its items. Thread-safe; one taker at a time.
 *
 * @param <T> the item type
 */
final class WorkQueue<T> {
    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean closed;

    /** A queue holding at most {@code capacity} items. */
    WorkQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** Outcome of {@link #offerAll}. */
    enum Offer { ACCEPTED, FULL, CLOSED }

    /** Adds all of {@code batch} at the tail, or none of it when there is no room or the queue is closed. */
    Offer offerAll(Collection<T> batch) {
        lock.lock();
        try {
            if (closed) {
                return Offer.CLOSED;
            }
            if (items.size() + batch.size() > capacity) {
                return Offer.FULL;
            }
            items.addAll(batch);
            changed.signalAll();
            return Offer.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for at least one item, then for up to {@code maxWaitNanos} more until {@code max}
     * items are there (no wait once the queue is closed), and removes up to {@code max} items.
     *
     * @return the batch, in arrival order; empty only once the queue is closed and empty
     */
    List<T> takeBatch(int max, long maxWaitNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.isEmpty() && !closed) {
                changed.await();
            }
            long remaining = maxWaitNanos;
            while (items.size() < max && !closed && remaining > 0 && !items.isEmpty()) {
                remaining = changed.awaitNanos(remaining);
            }
            int n = Math.min(max, items.size());
            List<T> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(items.poll());
            }
            if (n > 0) {
                changed.signalAll();
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Removes {@code item} if it is still queued; true if this call removed it. */
    boolean remove(T item) {
        lock.lock();
        try {
            boolean removed = items.removeIf(i -> i == item);
            if (removed) {
                changed.signalAll();
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting items; those already queued can still be taken. Wakes a waiting taker. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns everything queued (for a shutdown that gives up on queued work). */
    List<T> clear() {
        lock.lock();
        try {
            List<T> all = new ArrayList<>(items);
            items.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }

    /** Items queued now. */
    int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /** The most items the queue holds. */
    int capacity() {
        return capacity;
    }

    /** True once {@link #close()} ran. */
    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the queue is empty or the time is up; true if empty. For tests and shutdown. */
    boolean awaitEmpty(long timeout, TimeUnit unit) throws InterruptedException {
        long remaining = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!items.isEmpty() && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return items.isEmpty();
        } finally {
            lock.unlock();
        }
    }
}
