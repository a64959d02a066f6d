package io.clip4j.train.probe;

import io.clip4j.ClipModel;
import io.clip4j.image.ImageDecoder;
import io.clip4j.pipeline.ImageEmbeddingPipeline;
import io.clip4j.train.data.DatasetException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Embeds a list of image files with a frozen model into one row-major float matrix
 * {@code [images, dim]} on the Java heap, through the same streaming pipeline as
 * {@code clip4j embed-image} (decoders ahead of the encoder, batches of the model's
 * {@code maxBatch}). The rows are the model's unit-length embeddings, in input order.
 *
 * <p>A probe trains on every image, so an image that cannot be decoded is an error, not a
 * skipped row: the dataset readers already decode each image once to validate it, and a file
 * that fails now has changed since.
 */
final class ImageFeatures {
    private ImageFeatures() {
    }

    /**
     * @param source   the dataset (for error messages)
     * @param progress told how many images each finished batch held
     * @return {@code images.size() × dim} floats, row-major
     * @throws DatasetException naming the dataset and the image when one cannot be decoded
     */
    static float[] embed(ClipModel model, List<Path> images, Path source, LongConsumer progress) {
        int dim = model.config().projectionDim();
        float[] out = new float[Math.multiplyExact(images.size(), dim)];
        var options = ImageEmbeddingPipeline.Options.forDevice(model.device().is_cuda(), model.options().maxBatch());
        int[] next = {0};
        try (ImageEmbeddingPipeline pipeline = new ImageEmbeddingPipeline(model, new ImageDecoder(), options)) {
            pipeline.run(images, (inputs, embeddings) -> {
                for (ImageEmbeddingPipeline.Input input : inputs) {
                    if (!input.ok()) {
                        throw new DatasetException(source, "image " + input.path() + " cannot be decoded: " + input.error());
                    }
                }
                FloatBuffer rows = embeddings.asFloatBuffer();
                rows.get(0, out, next[0] * dim, inputs.size() * dim);
                next[0] += inputs.size();
                progress.accept(inputs.size());
            });
        }
        return out;
    }
}
