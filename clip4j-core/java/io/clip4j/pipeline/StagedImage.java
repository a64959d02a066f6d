package io.clip4j.pipeline;

/**
 * One input after decoding: its pixels in host memory ({@link HostImage}), or the reason it could not be decoded, or neither when the
 * caller's reader said it needs no embedding; with the reader's note. Owns the tensor.
 */
record StagedImage(java.nio.file.Path path, Object note, String error, HostImage pixels) implements AutoCloseable {
    boolean ok() {
        return pixels != null;
    }

    ImageEmbeddingPipeline.Input input() {
        return new ImageEmbeddingPipeline.Input(path, error);
    }

    @Override
    public void close() {
        if (pixels != null) {
            pixels.close();
        }
    }
}
