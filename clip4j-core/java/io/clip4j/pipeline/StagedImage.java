package io.clip4j.pipeline;

import org.bytedeco.pytorch.Tensor;

/**
 * One input after decoding: its pixels as a uint8 BGR tensor {@code [H, W, 3]} in host memory
 * (page-locked when bound for a GPU), or the reason it could not be decoded. Owns the tensor.
 */
record StagedImage(ImageEmbeddingPipeline.Input input, Tensor pixels) implements AutoCloseable {
    boolean ok() {
        return pixels != null;
    }

    @Override
    public void close() {
        if (pixels != null && !pixels.isNull()) {
            pixels.close();
        }
    }
}
