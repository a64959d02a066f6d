package io.clip4j.cli;

import io.clip4j.image.ImageDecoder;
import io.clip4j.image.PrefetchingDecoder;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The batch commands' way through image files: decoded a chunk ahead on worker threads
 * ({@link PrefetchingDecoder}), each input keeping its place, a file that cannot be decoded
 * becoming an item with an error while the rest still go through. Whatever the work makes for
 * a chunk is freed when it returns.
 */
final class DecodedImages {
    /** Decoding threads: a few, since the encoder wants the cores too. */
    private static final int THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** One input: its decoded image, or why there is none. */
    record Item(Path path, Mat image, String error) {
        boolean ok() {
            return image != null;
        }
    }

    /** What to do with one chunk. */
    @FunctionalInterface
    interface ChunkWork {
        void accept(List<Item> items);
    }

    private DecodedImages() {
    }

    /** Runs {@code work} on chunks of at most {@code chunkSize} inputs, in order; returns the failure count. */
    static int forEachChunk(List<Path> inputs, int chunkSize, ImageDecoder decoder, Progress progress, ChunkWork work) {
        try (PrefetchingDecoder prefetching = new PrefetchingDecoder(decoder, THREADS)) {
            return prefetching.forEachChunk(inputs, chunkSize, decoded -> {
                try (PointerScope scope = new PointerScope()) {
                    work.accept(decoded.stream().map(d -> new Item(d.path(), d.image(), d.error())).toList());
                }
                progress.step(decoded.size());
            });
        }
    }

    /** The decoded images of a chunk, in order. */
    static List<Mat> images(List<Item> items) {
        return items.stream().filter(Item::ok).map(Item::image).toList();
    }
}
