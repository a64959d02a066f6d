package io.clip4j;

import static io.clip4j.Fixtures.assertClose;
import static io.clip4j.Fixtures.flatten;
import static io.clip4j.Fixtures.reference;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tiny fixture on CUDA: fp32 within 1e-3 (cuDNN may use TF32 for the patch convolution),
 * fp16/bf16 within 0.05. Skipped where CUDA is absent (the CPU build, or no driver).
 */
@Tag("gpu")
class GpuParityTest {
    @BeforeAll
    static void needsCuda() {
        Natives.load();
        Assumptions.assumeTrue(torch.cuda_is_available(), "CUDA is not available");
    }

    @ParameterizedTest
    @CsvSource({"fp32, 1e-3", "fp16, 0.05", "bf16, 0.05"})
    void embeddingsMatchTheReference(String dtype, double tolerance) {
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP,
                ClipOptions.defaults().withDevice("cuda").withPrecision(Precision.parse(dtype)));
             PointerScope scope = new PointerScope();
             Embeddings texts = clip.embedTokenIds(reference().tensor("input_ids"), true);
             Embeddings images = clip.embedPixels(reference().tensor("pixel_values"))) {
            assertClose(reference().floats("text_embeds"), flatten(texts.toArray()), tolerance, dtype + " text");
            assertClose(reference().floats("image_embeds"), flatten(images.toArray()), tolerance, dtype + " image");
        }
    }

    @org.junit.jupiter.api.Test
    void imagesPreprocessedOnTheGpuMatchTheReference() {
        java.util.List<org.bytedeco.opencv.opencv_core.Mat> images = new java.util.ArrayList<>();
        io.clip4j.image.ImageDecoder decoder = new io.clip4j.image.ImageDecoder();
        try (PointerScope scope = new PointerScope();
             ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP, ClipOptions.defaults().withDevice("cuda"))) {
            Fixtures.referenceJson().get("images").forEach(n ->
                    images.add(decoder.decode(Fixtures.TINY_CLIP.resolve("images").resolve(n.asText()))));
            // The GPU resizes in float with 8-bit rounding between passes: within 0.035 of the
            // reference pixels (measured on the CPU), which moves the embeddings far less than 1e-2.
            var pixels = clip.preprocessor().batch(images, clip.device(), torch.ScalarType.Float);
            assertClose(reference().floats("pixel_values"), Fixtures.floats(pixels), 0.035,
                    "pixels preprocessed on CUDA");
            try (Embeddings embeds = clip.embedImages(images)) {
                assertClose(reference().floats("image_embeds"), flatten(embeds.toArray()), 1e-2, "CUDA image_embeds");
            }
        }
    }
}
