package io.clip4j.video;

import io.clip4j.pipeline.HostImage;

/**
 * One sampled frame: when it shows (seconds from the start) and its pixels in host memory, ready
 * for the core's batch step. Owns the pixels.
 */
public record SampledFrame(double seconds, HostImage image) implements AutoCloseable {
    @Override
    public void close() {
        image.close();
    }
}
