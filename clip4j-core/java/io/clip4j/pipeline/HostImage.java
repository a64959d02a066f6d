package io.clip4j.pipeline;

import io.clip4j.gpu.StagedUpload;
import io.clip4j.image.Preprocessor;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Tensor;

/**
 * A decoded image's pixels, uint8 BGR {@code [H, W, 3]}, copied into host memory that the
 * pipeline's batch step uploads from: page-locked for a CUDA model, so that the copy to the GPU
 * runs asynchronously on a copy stream. Owns its memory; close it once its batch was embedded
 * ({@link ImageEmbeddingPipeline#embed}).
 */
public final class HostImage implements AutoCloseable {
    private final Tensor pixels;

    private HostImage(Tensor pixels) {
        this.pixels = pixels;
    }

    /**
     * Copies {@code bgr} (8-bit, 3 channels; any row padding) into host memory, page-locked when
     * {@code pinned} (pass {@code model.options().isCuda()}).
     */
    public static HostImage copyOf(Mat bgr, boolean pinned) {
        try (PointerScope scope = new PointerScope()) {
            Preprocessor.wrap(bgr); // checks it is 8-bit BGR
            Tensor pixels = StagedUpload.hostImage(bgr.rows(), bgr.cols(), 3, pinned);
            copyRows(bgr, new BytePointer(pixels.data_ptr()));
            pixels.retainReference(); // owned by the HostImage past this scope
            return new HostImage(pixels);
        }
    }

    /**
     * Plain memcpy, row by row when the Mat has padding: libtorch's copy would fan out over its
     * intra-op thread pool from every decoder thread at once (cores × cores threads).
     */
    private static void copyRows(Mat image, BytePointer destination) {
        long rowBytes = (long) image.cols() * 3;
        BytePointer source = image.data();
        if (image.isContinuous()) {
            Pointer.memcpy(destination, source, rowBytes * image.rows());
            return;
        }
        for (int r = 0; r < image.rows(); r++) {
            Pointer.memcpy(destination.position(r * rowBytes), source.position(r * image.step()), rowBytes);
        }
        destination.position(0);
        source.position(0);
    }

    /** Height in pixels. */
    public int height() {
        return (int) pixels.size(0);
    }

    /** Width in pixels. */
    public int width() {
        return (int) pixels.size(1);
    }

    Tensor pixels() {
        return pixels;
    }

    /** Frees the pixels (a pinned block goes back to libtorch's host cache). */
    @Override
    public void close() {
        if (!pixels.isNull()) {
            pixels.close();
        }
    }
}
