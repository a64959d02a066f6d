package io.clip4j.image;

import static io.clip4j.Fixtures.assertClose;
import static io.clip4j.Fixtures.flatten;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clip4j.ClipModel;
import io.clip4j.ClipOptions;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/** Files in, embeddings out, against the reference; and the Mat batch path's zero-copy promise. */
class ImageEmbeddingTest {
    private static List<Mat> fixtureImages() {
        List<Mat> images = new ArrayList<>();
        Fixtures.referenceJson().get("images").forEach(n ->
                images.add(imread(Fixtures.TINY_CLIP.resolve("images").resolve(n.asText()).toString(), IMREAD_COLOR)));
        return images;
    }

    @Test
    void imageFilesGiveTheReferenceEmbeddings() {
        try (PointerScope scope = new PointerScope(); ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP)) {
            List<Mat> images = fixtureImages();
            try (Embeddings embeds = clip.embedImages(images)) {
                assertEquals(7, embeds.size());
                assertClose(Fixtures.reference().floats("image_embeds"), flatten(embeds.toArray()), 1e-3, "image_embeds");
            }
            try (ClipModel chunked = ClipModel.load(Fixtures.TINY_CLIP, ClipOptions.defaults().withMaxBatch(3));
                 Embeddings embeds = chunked.embedImages(images)) {
                assertClose(Fixtures.reference().floats("image_embeds"), flatten(embeds.toArray()), 1e-3, "in chunks of 3");
            }
        }
    }

    @Test
    void wrappingAMatDoesNotCopyIt() {
        try (PointerScope scope = new PointerScope()) {
            Mat image = fixtureImages().get(1);
            Tensor wrapped = Preprocessor.wrap(image);
            assertEquals(image.data().address(), wrapped.data_ptr().address(), "tensor reads the Mat's own memory");
            // A region of interest is not continuous: the wrapped view follows the Mat's row stride.
            Mat roi = new Mat(image, new Rect(10, 20, 100, 50));
            Tensor roiView = Preprocessor.wrap(roi);
            assertEquals(roi.data().address(), roiView.data_ptr().address());
            assertEquals(image.step(), roiView.stride(0));
            Preprocessor preprocessor = new Preprocessor(PreprocessConfig.defaults(64));
            Tensor fromView = preprocessor.batch(List.of(roi), new Device("cpu"), ScalarType.Float);
            Tensor fromCopy = preprocessor.batch(List.of(roi.clone()), new Device("cpu"), ScalarType.Float);
            assertEquals(0.0, fromView.sub(fromCopy).abs().max().item_float(), "non-continuous Mat, same result");
        }
    }

    @Test
    void sameSizedFramesGiveTheSameRowsAsSingleFrames() {
        try (PointerScope scope = new PointerScope()) {
            Mat frame = fixtureImages().get(2);
            List<Mat> video = List.of(frame, frame.clone(), frame);
            Preprocessor preprocessor = new Preprocessor(PreprocessConfig.defaults(64));
            Tensor batch = preprocessor.batch(video, new Device("cpu"), ScalarType.Float);
            Tensor single = preprocessor.batch(List.of(frame), new Device("cpu"), ScalarType.Float);
            assertEquals(3, batch.size(0));
            for (int i = 0; i < 3; i++) {
                assertEquals(0.0, batch.select(0, i).sub(single.select(0, 0)).abs().max().item_float());
            }
        }
    }
}
