package io.clip4j.pipeline;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.gpu.ClipStream;
import io.clip4j.image.ImageDecoder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.PointerScope;

/**
 * Image files in, embeddings out, with every stage busy at once: decoder threads work several
 * batches ahead, each decoded image going straight into page-locked host memory (on a GPU);
 * the caller's thread queues batch k's host-to-device copy on a copy stream and its
 * preprocessing and encoding on the compute stream (the thread's current stream), and only
 * then hands batch k-1's results to the sink, by which time the GPU has usually finished them.
 * On the CPU the same loop runs with the decoders ahead of the encoder.
 *
 * <p>Each input keeps its place: a file that cannot be decoded arrives at the sink as an input
 * with an error, and the rest of its batch still goes through.
 */
public final class ImageEmbeddingPipeline implements AutoCloseable {
    /**
     * @param batchSize    images per encoder call
     * @param decodeThreads threads decoding files
     * @param batchesAhead how many batches may be decoded before the encoder takes them (bounds host memory)
     */
    public record Options(int batchSize, int decodeThreads, int batchesAhead) {
        /** Checks the fields. */
        public Options {
            if (batchSize < 1 || decodeThreads < 1 || batchesAhead < 1) {
                throw new ClipException("batchSize, decodeThreads and batchesAhead must be at least 1");
            }
        }

        /** Sensible values for {@code device}: on a GPU every core but one decodes, three batches ahead. */
        public static Options forDevice(boolean cuda, int batchSize) {
            int cores = Runtime.getRuntime().availableProcessors();
            return cuda ? new Options(batchSize, Math.max(1, cores - 1), 3)
                    : new Options(batchSize, Math.max(1, Math.min(4, cores)), 1);
        }
    }

    /** One input file and, if it could not be decoded, why. */
    public record Input(Path path, String error) {
        /** True when the file was decoded (it has a row in the batch's embeddings). */
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * What a caller's reader makes of one file before the pipeline decodes it (on a decoder
     * thread): its bytes to decode and embed, or a skip (no bytes, no error: it needs no
     * embedding), or a failure; with a note of the caller's that comes back with the item.
     *
     * @param <N> the note's type
     */
    public record Read<N>(byte[] bytes, N note, String error) {
        /** Decode and embed {@code bytes}. */
        public static <N> Read<N> embed(byte[] bytes, N note) {
            return new Read<>(java.util.Objects.requireNonNull(bytes, "bytes"), note, null);
        }

        /** Nothing to embed. */
        public static <N> Read<N> skip(N note) {
            return new Read<>(null, note, null);
        }

        /** The file failed, for {@code error}. */
        public static <N> Read<N> failed(String error, N note) {
            return new Read<>(null, note, java.util.Objects.requireNonNull(error, "error"));
        }
    }

    /**
     * One item of a {@link #run(List, java.util.function.Function, ItemSink)}: the file, its note,
     * why it failed (or null), and whether it has a row in the batch's embeddings.
     */
    public record Item<N>(Path path, N note, String error, boolean embedded) {
    }

    /** Receives each batch of items, in input order, on the thread that called {@link #run}. */
    @FunctionalInterface
    public interface ItemSink<N> {
        /**
         * @param items      the batch's items in order
         * @param embeddings one row per {@link Item#embedded()} item, in order; null when none is;
         *                   closed by the pipeline when this returns
         */
        void accept(List<Item<N>> items, Embeddings embeddings);
    }

    /** Receives each batch, in input order, on the thread that called {@link #run}. */
    @FunctionalInterface
    public interface BatchSink {
        /**
         * @param inputs     the batch's inputs in order
         * @param embeddings one row per input that is {@link Input#ok()}, in order; null when none
         *                   is; closed by the pipeline when this returns
         */
        void accept(List<Input> inputs, Embeddings embeddings);
    }

    /**
     * The step that turns one batch of decoded host images into their embeddings, one row each,
     * in order; the images stay the pipeline's. By default the model's own batch step
     * ({@link #embed(ClipModel, List)}); a Spark executor passes one batcher shared by its tasks.
     */
    @FunctionalInterface
    public interface BatchStep {
        /** Embeds {@code images} (not empty). */
        Embeddings embed(List<HostImage> images);
    }

    private final ClipModel model;
    private final Options options;
    private final BatchStep step;
    private final Stager stager;
    private final ExecutorService decoders;

    /** A pipeline for {@code model}, decoding with {@code decoder}. Close it to stop its threads. */
    public ImageEmbeddingPipeline(ClipModel model, ImageDecoder decoder, Options options) {
        this(model, decoder, options, null);
    }

    /**
     * A pipeline whose batches are embedded by {@code step} instead of the model's own batch step
     * (null: the model's). Close it to stop its threads.
     */
    public ImageEmbeddingPipeline(ClipModel model, ImageDecoder decoder, Options options, BatchStep step) {
        this.model = model;
        this.options = options;
        this.step = step;
        this.stager = new Stager(decoder, model.device().is_cuda());
        AtomicInteger count = new AtomicInteger();
        this.decoders = Executors.newFixedThreadPool(options.decodeThreads(), r -> {
            Thread t = new Thread(r, "clip4j-pipeline-decode-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Embeds {@code inputs} batch by batch into {@code sink}; returns how many files could not be decoded. */
    public int run(List<Path> inputs, BatchSink sink) {
        return runStaged(inputs, stager::stage, (batch, embeddings) ->
                sink.accept(batch.stream().map(StagedImage::input).toList(), embeddings));
    }

    /**
     * Embeds the files {@code reader} hands over, batch by batch into {@code sink}: the reader
     * runs on the decoder threads (read, hash, decide), the pipeline decodes, uploads and encodes
     * what it returns bytes for. Returns how many items failed.
     */
    @SuppressWarnings("unchecked")
    public <N> int run(List<Path> inputs, java.util.function.Function<Path, Read<N>> reader, ItemSink<N> sink) {
        return runStaged(inputs, path -> stager.stage(path, reader), (batch, embeddings) -> sink.accept(batch.stream()
                .map(s -> new Item<>(s.path(), (N) s.note(), s.error(), s.ok())).toList(), embeddings));
    }

    /** The engine: stage ahead on the decoder threads, encode one batch while the next is staged. */
    private int runStaged(List<Path> inputs, java.util.function.Function<Path, StagedImage> stage,
                          java.util.function.BiConsumer<List<StagedImage>, Embeddings> sink) {
        int failures = 0;
        Deque<List<CompletableFuture<StagedImage>>> ahead = new ArrayDeque<>();
        int nextToSubmit = 0;
        ClipStream compute = ClipStream.current(model.device());
        ClipStream copy = ClipStream.fromPool(model.device(), false);
        Pending previous = null;
        try {
            while (nextToSubmit < inputs.size() || !ahead.isEmpty()) {
                while (ahead.size() <= options.batchesAhead() && nextToSubmit < inputs.size()) {
                    int end = Math.min(inputs.size(), nextToSubmit + options.batchSize());
                    ahead.addLast(submit(inputs.subList(nextToSubmit, end), stage));
                    nextToSubmit = end;
                }
                List<StagedImage> batch = ahead.removeFirst().stream().map(CompletableFuture::join).toList();
                failures += (int) batch.stream().filter(s -> s.error() != null).count();
                Pending current = new Pending(batch, encode(batch, copy, compute)); // queued; on a GPU not yet computed
                if (previous != null) {
                    previous.deliver(sink);
                }
                previous = current;
            }
            if (previous != null) {
                Pending last = previous;
                previous = null;
                last.deliver(sink);
            }
        } finally {
            if (previous != null) {
                previous.close();
            }
            ahead.forEach(batch -> batch.forEach(f -> f.thenAccept(StagedImage::close)));
        }
        return failures;
    }

    private List<CompletableFuture<StagedImage>> submit(List<Path> paths, java.util.function.Function<Path, StagedImage> stage) {
        List<CompletableFuture<StagedImage>> futures = new ArrayList<>(paths.size());
        for (Path path : paths) {
            futures.add(CompletableFuture.supplyAsync(() -> stage.apply(path), decoders));
        }
        return futures;
    }

    /** Queues one batch's upload, preprocessing and encoding; frees its host images (the allocator defers reuse). */
    private Embeddings encode(List<StagedImage> batch, ClipStream copy, ClipStream compute) {
        List<HostImage> decoded = batch.stream().filter(StagedImage::ok).map(StagedImage::pixels).toList();
        try {
            return decoded.isEmpty() ? null : step != null ? step.embed(decoded) : embed(model, decoded, copy, compute);
        } finally {
            batch.forEach(StagedImage::close);
        }
    }

    /**
     * The pipeline's batch step, for callers that decode images themselves (the server, from
     * uploads): host images in, one embedding row each, in order. Images of one size are
     * uploaded together (on a GPU asynchronously, on a copy stream), preprocessed as one uint8
     * batch and encoded on the thread's current stream. The images stay the caller's.
     */
    public static Embeddings embed(ClipModel model, List<HostImage> images) {
        if (images.isEmpty()) {
            throw new ClipException("no images to embed");
        }
        return embed(model, images, ClipStream.fromPool(model.device(), false), ClipStream.current(model.device()));
    }

    private static Embeddings embed(ClipModel model, List<HostImage> images, ClipStream copy, ClipStream compute) {
        try (PointerScope scope = new PointerScope()) {
            return model.embedPixels(BatchAssembler.pixels(model, images, copy, compute));
        }
    }

    /** A batch whose work is queued, waiting to be handed over (its images are already freed). */
    private record Pending(List<StagedImage> batch, Embeddings embeddings) implements AutoCloseable {
        void deliver(java.util.function.BiConsumer<List<StagedImage>, Embeddings> sink) {
            try (Pending self = this) {
                sink.accept(batch, embeddings);
            }
        }

        @Override
        public void close() {
            if (embeddings != null) {
                embeddings.close();
            }
        }
    }

    /** Stops the decoder threads. */
    @Override
    public void close() {
        decoders.shutdownNow();
    }
}
