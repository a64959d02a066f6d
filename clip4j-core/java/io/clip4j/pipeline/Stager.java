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
        return decodeAndStage(path, null, () -> decoder.decode(path));
    }

    /** Stages what {@code reader} makes of the file: bytes to decode, a skip, or a failure, with its note. */
    <N> StagedImage stage(Path path, java.util.function.Function<Path, ImageEmbeddingPipeline.Read<N>> reader) {
        ImageEmbeddingPipeline.Read<N> read;
        try {
            read = reader.apply(path);
        } catch (ImageDecodeException e) {
            return new StagedImage(path, null, e.getMessage(), null);
        }
        if (read.error() != null || read.bytes() == null) {
            return new StagedImage(path, read.note(), read.error(), null);
        }
        return decodeAndStage(path, read.note(), () -> decoder.decode(read.bytes(), path.toString()));
    }

    /** Decodes with {@code decode} and stages the pixels, or records why the image failed. */
    private StagedImage decodeAndStage(Path path, Object note, java.util.function.Supplier<Mat> decode) {
        try (PointerScope scope = new PointerScope(); Mat image = decode.get()) {
            return staged(path, note, image);
        } catch (ImageDecodeException e) {
            return new StagedImage(path, note, e.getMessage(), null);
        } catch (RuntimeException e) {
            return new StagedImage(path, note, path + " could not be decoded: " + e.getClass().getSimpleName(), null);
        }
    }

    /** The image's pixels copied into a host tensor the StagedImage owns; must run inside a PointerScope. */
    private StagedImage staged(Path path, Object note, Mat image) {
        Preprocessor.wrap(image); // checks it is 8-bit BGR
        Tensor pixels = StagedUpload.hostImage(image.rows(), image.cols(), 3, pinned);
        copyRows(image, new BytePointer(pixels.data_ptr()));
        pixels.retainReference(); // owned by the StagedImage past this scope
        return new StagedImage(path, note, null, pixels);
    }
}
