package io.clip4j.batch;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The queue and the batcher on their own, with a fake encoder: batching, ownership, dropping, failures. */
class BatcherTest {
    /** Records each batch and answers x → x * 10 (or throws for negative inputs). */
    private static final class Recorder implements BatchEncoder<Integer, Integer> {
        final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch gate;

        Recorder(boolean open) {
            gate = new CountDownLatch(open ? 0 : 1);
        }

        @Override
        public List<Integer> encode(List<Integer> inputs) {
            batches.add(List.copyOf(inputs));
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (inputs.stream().anyMatch(i -> i < 0)) {
                throw new IllegalArgumentException("negative");
            }
            return inputs.stream().map(i -> i * 10).toList();
        }
    }

    private final List<Integer> released = Collections.synchronizedList(new ArrayList<>());

    private Batcher<Integer, Integer> batcher(Recorder encoder, int maxBatch, long waitMillis, int capacity) {
        return new Batcher<>("test", encoder, released::add, maxBatch, Duration.ofMillis(waitMillis), capacity,
                Runnable::run, BatchListener.NONE);
    }

    @Test
    void itemsOfManyRequestsShareBatchesAndComeBackInOrder() throws Exception {
        Recorder encoder = new Recorder(false);
        try (Batcher<Integer, Integer> b = batcher(encoder, 4, 0, 100)) {
            Job<Integer> first = b.submit(List.of(1));
            Conditions.waitFor(() -> encoder.batches.size() == 1, "first batch in the encoder");
            Job<Integer> second = b.submit(List.of(2, 3));
            Job<Integer> third = b.submit(List.of(4, 5, 6));
            encoder.gate.countDown();
            assertEquals(List.of(10), first.future().get(5, TimeUnit.SECONDS));
            assertEquals(List.of(20, 30), second.future().get(5, TimeUnit.SECONDS));
            assertEquals(List.of(40, 50, 60), third.future().get(5, TimeUnit.SECONDS));
            assertEquals(List.of(List.of(1), List.of(2, 3, 4, 5), List.of(6)), encoder.batches, "max batch 4, arrival order");
        }
        assertEquals(6, released.size(), "every input released once");
    }

    @Test
    void aBatchWaitsUpToMaxWaitToFill() throws Exception {
        Recorder encoder = new Recorder(true);
        try (Batcher<Integer, Integer> b = batcher(encoder, 3, 300, 100)) {
            Job<Integer> a = b.submit(List.of(1));
            Thread.sleep(50);
            Job<Integer> c = b.submit(List.of(2));
            assertEquals(List.of(10), a.future().get(5, TimeUnit.SECONDS));
            assertEquals(List.of(20), c.future().get(5, TimeUnit.SECONDS));
            assertEquals(List.of(List.of(1, 2)), encoder.batches, "the second arrived within the wait");

            long start = System.nanoTime();
            assertEquals(List.of(30), b.submit(List.of(3)).future().get(5, TimeUnit.SECONDS));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 250 && millis < 3000, "a lone item waits about max-wait: " + millis);

            Job<Integer> full = b.submit(List.of(4, 5, 6));
            start = System.nanoTime();
            full.future().get(5, TimeUnit.SECONDS);
            assertTrue((System.nanoTime() - start) / 1_000_000 < 250, "a full batch does not wait");
        }
    }

    @Test
    void aFullQueueRefusesAllOrNothingAndReleasesTheInputs() {
        Recorder encoder = new Recorder(false);
        try (Batcher<Integer, Integer> b = batcher(encoder, 1, 0, 3)) {
            b.submit(List.of(1));
            try {
                Conditions.waitFor(() -> encoder.batches.size() == 1, "first batch taken");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            b.submit(List.of(2, 3));
            RejectedException full = assertThrows(RejectedException.class, () -> b.submit(List.of(4, 5)));
            assertEquals(RejectedException.Reason.QUEUE_FULL, full.reason());
            assertEquals(2, b.queued(), "nothing of the refused request was queued");
            assertTrue(released.containsAll(List.of(4, 5)), "refused inputs are released at once");
            b.submit(List.of(6));
            encoder.gate.countDown();
        }
        assertEquals(List.of(List.of(1), List.of(2), List.of(3), List.of(6)), encoder.batches);
    }

    @Test
    void aCancelledJobLeavesTheQueueAndIsNeverEncoded() throws Exception {
        Recorder encoder = new Recorder(false);
        try (Batcher<Integer, Integer> b = batcher(encoder, 1, 0, 10)) {
            Job<Integer> running = b.submit(List.of(1));
            Conditions.waitFor(() -> encoder.batches.size() == 1, "first batch taken");
            Job<Integer> dropped = b.submit(List.of(7, 8));
            assertTrue(dropped.cancel(DropReason.CLIENT_GONE));
            assertEquals(0, b.queued());
            assertTrue(released.containsAll(List.of(7, 8)), "released when taken off the queue");
            ExecutionException e = assertThrows(ExecutionException.class, () -> dropped.future().get());
            assertInstanceOf(Job.DroppedException.class, e.getCause());
            encoder.gate.countDown();
            running.future().get(5, TimeUnit.SECONDS);
        }
        assertTrue(encoder.batches.stream().noneMatch(batch -> batch.contains(7)));
    }

    @Test
    void aFailingItemFailsOnlyItsOwnRequest() throws Exception {
        Recorder encoder = new Recorder(false);
        try (Batcher<Integer, Integer> b = batcher(encoder, 8, 0, 10)) {
            Job<Integer> first = b.submit(List.of(0));
            Conditions.waitFor(() -> encoder.batches.size() == 1, "first batch taken");
            Job<Integer> good = b.submit(List.of(1, 2));
            Job<Integer> bad = b.submit(List.of(-1));
            encoder.gate.countDown();
            first.future().get(5, TimeUnit.SECONDS);
            assertEquals(List.of(10, 20), good.future().get(5, TimeUnit.SECONDS));
            ExecutionException e = assertThrows(ExecutionException.class, () -> bad.future().get(5, TimeUnit.SECONDS));
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
        }
    }

    @Test
    void shutdownRunsWhatIsQueuedWithoutWaitingThenRefuses() throws Exception {
        Recorder encoder = new Recorder(true);
        Batcher<Integer, Integer> b = batcher(encoder, 10, 60_000, 10);
        Job<Integer> waiting = b.submit(List.of(1, 2));
        b.shutdown();
        assertEquals(List.of(10, 20), waiting.future().get(5, TimeUnit.SECONDS));
        assertEquals(RejectedException.Reason.SHUTTING_DOWN, assertThrows(RejectedException.class, () -> b.submit(List.of(3))).reason());
        assertTrue(b.awaitTermination(Duration.ofSeconds(5)));
        assertTrue(released.containsAll(List.of(1, 2, 3)));
    }
}
