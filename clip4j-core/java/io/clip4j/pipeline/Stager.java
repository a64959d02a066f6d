package io.clip4j.pipeline;

import io.clip4j.gpu.StagedUpload;
import io.clip4j.image.ImageDecodeException;
import io.clip4j.image.ImageDecoder;
import io.clip4j.image.Preprocessor;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Tensor;

/** Decodes one file on a decoder thread and copies its pixels into a host tensor the pipeline owns. */
final class Stager {
    private final ImageDecoder decoder;
    private final boolean pinned;

    Stager(ImageDecoder decoder, boolean pinned) {
        this.decoder = decoder;
        this.pinned = pinned;
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

    StagedImage stage(Path path) {
        try (PointerScope scope = new PointerScope(); Mat image = decoder.decode(path)) {
            Preprocessor.wrap(image); // checks it is 8-bit BGR
            Tensor pixels = StagedUpload.hostImage(image.rows(), image.cols(), 3, pinned);
            copyRows(image, new BytePointer(pixels.data_ptr()));
            pixels.retainReference(); // owned by the StagedImage past this scope
            return new StagedImage(new ImageEmbeddingPipeline.Input(path, null), pixels);
        } catch (ImageDecodeException e) {
            return new StagedImage(new ImageEmbeddingPipeline.Input(path, e.getMessage()), null);
        } catch (RuntimeException e) {
            return new StagedImage(new ImageEmbeddingPipeline.Input(path,
                    path + " could not be decoded: " + e.getClass().getSimpleName()), null);
        }
    }
}
