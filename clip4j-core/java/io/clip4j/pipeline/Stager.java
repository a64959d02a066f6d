package io.clip4j.pipeline;

import io.clip4j.image.ImageDecodeException;
import io.clip4j.image.ImageDecoder;
import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/** Decodes one file on a decoder thread and copies its pixels into a {@link HostImage}. */
final class Stager {
    private final ImageDecoder decoder;
    private final boolean pinned;

    Stager(ImageDecoder decoder, boolean pinned) {
        this.decoder = decoder;
        this.pinned = pinned;
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

    /** The image's pixels copied into host memory the StagedImage owns. */
    private StagedImage staged(Path path, Object note, Mat image) {
        return new StagedImage(path, note, null, HostImage.copyOf(image, pinned));
    }
}
