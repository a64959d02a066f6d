package io.clip4j.pipeline;

import org.bytedeco.pytorch.Tensor;

/**
 * One input after decoding: its pixels as a uint8 BGR tensor {@code [H, W, 3]} in host memory
 * (page-locked when bound for a GPU), or the reason it could not be decoded, or neither when the
 * caller's reader said it needs no embedding; with the reader's note. Owns the tensor.
 */
record StagedImage(java.nio.file.Path path, Object note, String error, Tensor pixels) implements AutoCloseable {
    boolean ok() {
        return pixels != null;
    }

    ImageEmbeddingPipeline.Input input() {
        return new ImageEmbeddingPipeline.Input(path, error);
    }

    @Override
    public void close() {
        if (pixels != null && !pixels.isNull()) {
            pixels.close();
        }
    }
}
