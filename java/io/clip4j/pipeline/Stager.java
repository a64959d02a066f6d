package io.clip4j.pipeline;

import io.clip4j.gpu.StagedUpload;
import io.clip4j.image.ImageDecodeException;
import io.clip4j.image.ImageDecoder;
import io.clip4j.image.Preprocessor;
import java.nio.file.Path;
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

    StagedImage stage(Path path) {
        try (PointerScope scope = new PointerScope(); Mat image = decoder.decode(path)) {
            Tensor pixels = StagedUpload.hostImage(image.rows(), image.cols(), 3, pinned);
            pixels.copy_(Preprocessor.wrap(image)); // one pass over the pixels, any row stride
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
