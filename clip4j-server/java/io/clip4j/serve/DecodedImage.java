package io.clip4j.serve;

import java.util.concurrent.atomic.AtomicBoolean;
import io.clip4j.pipeline.HostImage;

/**
 * A decoded image waiting to be embedded, its pixels in host memory the pipeline's batch step
 * uploads from ({@link HostImage}, page-locked on a GPU). Owns them and its share of
 * the {@link PixelBudget}; {@link #close()} frees both, once, whoever calls it. A
 * {@link Batcher} closes it after its batch ran or when its request is dropped.
 */
final class DecodedImage implements AutoCloseable {
    private final String name;
    private final HostImage image;
    private final long pixels;
    private final PixelBudget budget;
    private final AtomicBoolean closed = new AtomicBoolean();

    DecodedImage(String name, HostImage image, long pixels, PixelBudget budget) {
        this.name = name;
        this.image = image;
        this.pixels = pixels;
        this.budget = budget;
    }

    /** The name errors use. */
    public String name() {
        return name;
    }

    /** The pixels, valid until {@link #close()}. */
    public HostImage image() {
        if (closed.get()) {
            throw new IllegalStateException(name + " was already freed");
        }
        return image;
    }

    /** Frees the pixels and returns them to the budget. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            image.close();
            budget.release(pixels);
        }
    }
}
