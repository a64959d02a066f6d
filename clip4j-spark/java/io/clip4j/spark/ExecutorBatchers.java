package io.clip4j.spark;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.batch.BatchListener;
import io.clip4j.batch.Batcher;
import io.clip4j.pipeline.HostImage;
import io.clip4j.pipeline.ImageEmbeddingPipeline;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One image batcher per model in this executor JVM, shared by its concurrent tasks: each task
 * decodes its own files on its own threads, and the decoded images of all tasks meet in one
 * queue, so the encoder (a GPU shared by fractional tasks, say) sees batches filled from every
 * task rather than each task's partial ones. The batcher is the server's ({@link Batcher}).
 */
final class ExecutorBatchers {
    /** How long a batch waits for other tasks' images after its first: short next to any encoder call. */
    static final Duration FILL_WAIT = Duration.ofMillis(2);

    private static final Map<ClipModel, Batcher<HostImage, float[]>> BATCHERS = new ConcurrentHashMap<>();
    private static final AtomicLong ENCODER_CALLS = new AtomicLong();
    private static final AtomicLong IMAGES = new AtomicLong();

    private ExecutorBatchers() {
    }

    /** The batch step the executor's tasks share for {@code model}, batches of at most {@code maxBatch}. */
    static ImageEmbeddingPipeline.BatchStep imageStep(ClipModel model, int maxBatch) {
        Batcher<HostImage, float[]> batcher = BATCHERS.computeIfAbsent(model, m -> batcher(m, maxBatch, FILL_WAIT));
        return images -> embed(batcher, images);
    }

    /** A batcher for {@code model}; the images stay their pipelines' (the batcher releases nothing). */
    static Batcher<HostImage, float[]> batcher(ClipModel model, int maxBatch, Duration fillWait) {
        return new Batcher<>("spark-images", images -> {
            ENCODER_CALLS.incrementAndGet();
            IMAGES.addAndGet(images.size());
            try (Embeddings e = ImageEmbeddingPipeline.embed(model, images)) {
                return Arrays.asList(e.toArray());
            }
        }, image -> { }, maxBatch, fillWait, maxBatch * 64, Runnable::run, BatchListener.NONE);
    }

    /** Queues {@code images} and waits for their rows (the caller's thread blocks; its decoders go on). */
    static Embeddings embed(Batcher<HostImage, float[]> batcher, List<HostImage> images) {
        try {
            return Embeddings.of(batcher.submit(images).future().join().toArray(float[][]::new));
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Encoder calls made by this JVM's batchers (for tests and logs). */
    static long encoderCalls() {
        return ENCODER_CALLS.get();
    }

    /** Images those calls encoded. */
    static long images() {
        return IMAGES.get();
    }
}
