package io.clip4j.serve;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

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

    /** Unit-length image embeddings of decoded images (which stay owned by the caller). */
    static BatchEncoder<DecodedImage, float[]> images(ClipModel model) {
        return images -> {
            List<Mat> mats = new ArrayList<>(images.size());
            for (DecodedImage image : images) {
                mats.add(image.mat());
            }
            try (PointerScope scope = new PointerScope(); Embeddings e = model.embedImages(mats)) {
                return rows(e);
            }
        };
    }

    private static List<float[]> rows(Embeddings e) {
        float[][] all = e.toArray();
        return Arrays.asList(all);
    }
}
