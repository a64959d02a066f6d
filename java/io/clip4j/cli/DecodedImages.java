package io.clip4j.cli;

import io.clip4j.image.ImageDecodeException;
import io.clip4j.image.ImageDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes image files a chunk at a time, keeping each input's place: a file that cannot be
 * decoded becomes an item with an error, and the rest of the chunk still goes through. Each
 * chunk's Mats (and whatever the work makes) are freed when its work returns.
 */
final class DecodedImages {
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
        int failures = 0;
        for (int from = 0; from < inputs.size(); from += chunkSize) {
            List<Path> chunk = inputs.subList(from, Math.min(inputs.size(), from + chunkSize));
            try (PointerScope scope = new PointerScope()) {
                List<Item> items = new ArrayList<>();
                for (Path path : chunk) {
                    try {
                        items.add(new Item(path, decoder.decode(path), null));
                    } catch (ImageDecodeException e) {
                        items.add(new Item(path, null, e.getMessage()));
                        failures++;
                    }
                }
                work.accept(items);
            }
            progress.step(chunk.size());
        }
        return failures;
    }

    /** The decoded images of a chunk, in order. */
    static List<Mat> images(List<Item> items) {
        return items.stream().filter(Item::ok).map(Item::image).toList();
    }
}
