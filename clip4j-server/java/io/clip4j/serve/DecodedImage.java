package io.clip4j.serve;

import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A decoded 8-bit BGR image waiting to be embedded. Owns its native {@link Mat} and its share of
 * the {@link PixelBudget}; {@link #close()} frees both, once, whoever calls it. A
 * {@link Batcher} closes it after its batch ran or when its request is dropped.
 */
final class DecodedImage implements AutoCloseable {
    private final String name;
    private final Mat mat;
    private final long pixels;
    private final PixelBudget budget;
    private final AtomicBoolean closed = new AtomicBoolean();

    DecodedImage(String name, Mat mat, long pixels, PixelBudget budget) {
        this.name = name;
        this.mat = mat;
        this.pixels = pixels;
        this.budget = budget;
    }

    /** The name errors use. */
    public String name() {
        return name;
    }

    /** The pixels, valid until {@link #close()}. */
    public Mat mat() {
        if (closed.get()) {
            throw new IllegalStateException(name + " was already freed");
        }
        return mat;
    }

    /** Frees the pixels and returns them to the budget. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            mat.close();
            budget.release(pixels);
        }
    }
}
