package io.clip4j.bench;

import io.clip4j.ClipModel;
import io.clip4j.image.ImageDecoder;
import io.clip4j.pipeline.ImageEmbeddingPipeline;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Files in, embeddings out: the whole path through {@link ImageEmbeddingPipeline}, against the
 * ceiling set by decoding alone on the same number of threads, measured in the same run.
 */
public final class PipelineBenchmark {
    /** One measured setting. */
    public record Result(String model, String device, String dtype, int batch, int images, int decodeThreads,
                         double imagesPerSecond, double decodeOnlyImagesPerSecond, double shareOfDecodeOnly,
                         long checksum) {
    }

    private PipelineBenchmark() {
    }

    /** Runs the pipeline over {@code files} once to warm up and once timed, then decoding alone. */
    public static Result measure(ClipModel model, String modelName, List<Path> files, ImageEmbeddingPipeline.Options options) {
        ImageDecoder decoder = new ImageDecoder();
        AtomicLong rows = new AtomicLong();
        double seconds;
        try (ImageEmbeddingPipeline pipeline = new ImageEmbeddingPipeline(model, decoder, options)) {
            // warm-up: enough batches for the page-locked host cache and the allocator to reach their steady state
            pipeline.run(files.subList(0, Math.min(files.size(), (options.batchesAhead() + 2) * options.batchSize())),
                    (inputs, e) -> { });
            long start = System.nanoTime();
            pipeline.run(files, (inputs, embeddings) -> {
                if (embeddings != null) {
                    embeddings.row(embeddings.size() - 1); // read back to the host, as a user would
                    rows.addAndGet(embeddings.size());
                }
            });
            seconds = (System.nanoTime() - start) / 1e9;
        }
        double decodeOnly = decodeOnly(decoder, files, options.decodeThreads());
        double rate = files.size() / seconds;
        return new Result(modelName, model.device().str().getString(), model.options().precision().toString(),
                options.batchSize(), files.size(), options.decodeThreads(), rate, decodeOnly, rate / decodeOnly, rows.get());
    }

    /** Images per second decoded by {@code threads} threads with nothing else running. */
    static double decodeOnly(ImageDecoder decoder, List<Path> files, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = files.stream().<Future<?>>map(f -> pool.submit(() -> {
                try (Mat m = decoder.decode(f)) {
                    return m.rows();
                }
            })).toList();
            for (Future<?> d : done) {
                d.get();
            }
            return files.size() / ((System.nanoTime() - start) / 1e9);
        } catch (Exception e) {
            throw new IllegalStateException("decoding benchmark failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }
}
