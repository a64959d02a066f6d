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
}
