package io.clip4j.serve;

import io.clip4j.batch.BatchEncoder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Wraps an encoder so that a test can hold batches at the door and see what was encoded. */
final class GatedEncoder<I> implements BatchEncoder<I, float[]> {
    private final BatchEncoder<I, float[]> delegate;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final Semaphore entered = new Semaphore(0);
    final List<I> seen = Collections.synchronizedList(new ArrayList<>());

    GatedEncoder(BatchEncoder<I, float[]> delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<float[]> encode(List<I> inputs) {
        seen.addAll(inputs);
        entered.release();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return delegate.encode(inputs);
    }

    /** Waits until a batch is inside the encoder (held at the gate). */
    void awaitEntered() throws InterruptedException {
        if (!entered.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no batch reached the encoder");
        }
    }

    /** Lets every batch through from now on. */
    void open() {
        gate.countDown();
    }
}
