package io.clip4j.serve;

import io.clip4j.batch.Batcher;
import io.clip4j.batch.BatchEncoder;
import io.clip4j.batch.Job;

import io.clip4j.ClipModel;
import io.clip4j.zeroshot.LabelVectors;
import io.clip4j.zeroshot.PromptTemplates;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The model side of the server, free of HTTP: a text {@link Batcher} and an image
 * {@link Batcher} in front of one {@link ClipModel}, the {@link ClassifierPool} for zero-shot
 * labels, and the {@link ImageDecoding} that turns uploads into pixels under the limits.
 * Does not own the model: close the service first, then the model.
 */
final class EmbeddingService implements AutoCloseable {
    private final ClipModel model;
    private final PromptTemplates defaultTemplates;
    private final ExecutorService completions;
    private final Batcher<String, float[]> texts;
    private final Batcher<DecodedImage, float[]> images;
    private final ClassifierPool classifiers;
    private final ImageDecoding decoding;
    private final PixelBudget pixels;

    EmbeddingService(ClipModel model, ServerSettings settings, ServerMetrics metrics,
                     BatchEncoder<String, float[]> textEncoder, BatchEncoder<DecodedImage, float[]> imageEncoder) {
        this.model = model;
        this.defaultTemplates = PromptTemplates.forModel(model.directory()); // read once per model, not per request
        this.completions = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemonThreads("clip4j-respond"));
        this.texts = new Batcher<>("text", textEncoder, t -> { }, settings.maxBatch(), settings.maxWait(),
                settings.queueCapacity(), completions, metrics.batches("text"));
        this.images = new Batcher<>("image", imageEncoder, DecodedImage::close, settings.maxBatch(), settings.maxWait(),
                settings.queueCapacity(), completions, metrics.batches("image"));
        this.classifiers = new ClassifierPool(model, settings.classifierCacheSize());
        this.pixels = new PixelBudget(settings.pixelBudget());
        this.decoding = new ImageDecoding(settings.maxPixels(), pixels, settings.requestTimeout(), settings.queueCapacity(),
                model.options().isCuda());
        metrics.queueDepth("text", texts::queued);
        metrics.queueDepth("image", images::queued);
        metrics.gauge("clip4j.decoded.pixels", "decoded image pixels held by requests", pixels::used);
        metrics.gauge("clip4j.classifier.label.sets", "label sets whose class vectors are cached", classifiers::size);
        if (model.options().isCuda()) {
            DeviceMemory memory = new DeviceMemory(model.options().device());
            metrics.gauge("clip4j.device.memory.allocated.bytes", "CUDA memory held by tensors", memory::allocated);
            metrics.gauge("clip4j.device.memory.reserved.bytes", "CUDA memory held by the caching allocator", memory::reserved);
        }
    }

    /** The default encoders: the model's own. */
    EmbeddingService(ClipModel model, ServerSettings settings, ServerMetrics metrics) {
        this(model, settings, metrics, ModelEncoders.texts(model), ModelEncoders.images(model));
    }

    /** The model folder's templates.txt, else CLIP's defaults: what /v1/classify uses without "templates". */
    PromptTemplates defaultTemplates() {
        return defaultTemplates;
    }

    ClipModel model() {
        return model;
    }

    /**
     * Queues texts.
     *
     * @throws RejectedException when the text queue is full or shutting down
     */
    Job<float[]> embedTexts(List<String> inputs) {
        return texts.submit(inputs);
    }

    /**
     * Queues decoded images; takes them over (they are closed whatever happens).
     *
     * @throws RejectedException when the image queue is full or shutting down
     */
    Job<float[]> embedImages(List<DecodedImage> inputs) {
        return images.submit(inputs);
    }

    /** Decodes uploads under the pixel limits; see {@link ImageDecoding#decodeAll}. */
    List<DecodedImage> decode(List<EncodedImage> uploads) {
        return decoding.decodeAll(uploads);
    }

    /** Class vectors for a label set; see {@link ClassifierPool#get}. */
    LabelVectors classVectors(List<String> labels, PromptTemplates templates, Duration wait) {
        return classifiers.get(labels, templates, wait);
    }

    /** Stops taking new work; queued work still runs. */
    void shutdown() {
        texts.shutdown();
        images.shutdown();
    }

    /** Finishes queued work for up to {@code timeout}, drops the rest, frees the class vectors. */
    void close(Duration timeout) {
        texts.close(timeout);
        images.close(timeout);
        classifiers.close();
        decoding.close();
        completions.shutdown();
        try {
            completions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
