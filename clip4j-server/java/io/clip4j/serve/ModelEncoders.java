package io.clip4j.serve;

import io.clip4j.batch.BatchEncoder;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.pipeline.HostImage;
import io.clip4j.pipeline.ImageEmbeddingPipeline;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;

/**
 * The two {@link BatchEncoder}s a server runs: texts and decoded images through a
 * {@link ClipModel}, one encoder call per batch, rows copied to the heap before the native
 * result is freed. Every native temporary lives in a {@link PointerScope} closed before returning.
 */
final class ModelEncoders {
    private ModelEncoders() {
    }

    /** Unit-length text embeddings. */
    static BatchEncoder<String, float[]> texts(ClipModel model) {
        return texts -> {
            try (PointerScope scope = new PointerScope(); Embeddings e = model.embedTexts(texts)) {
                return rows(e);
            }
        };
    }

    /**
     * Unit-length image embeddings of decoded images (which stay owned by the caller), through
     * the image pipeline's batch step: the same upload, preprocessing and encoding as
     * {@code embed-image} and {@code index build}.
     */
    static BatchEncoder<DecodedImage, float[]> images(ClipModel model) {
        return images -> {
            List<HostImage> pixels = images.stream().map(DecodedImage::image).toList();
            try (PointerScope scope = new PointerScope(); Embeddings e = ImageEmbeddingPipeline.embed(model, pixels)) {
                return rows(e);
            }
        };
    }

    private static List<float[]> rows(Embeddings e) {
        float[][] all = e.toArray();
        return Arrays.asList(all);
    }
}
