package io.clip4j;

import static io.clip4j.Fixtures.assertClose;
import static io.clip4j.Fixtures.flatten;
import static io.clip4j.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.internal.FusedKernels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Whole encoders through the native fused kernels ({@link ClipOptions#fusedKernels()}) against
 * the same model on libtorch's separate kernels, and against the reference: the switch changes
 * how the element-wise work runs, not what it computes.
 */
class FusedEncoderTest {
    private static final ClipOptions FUSED = ClipOptions.defaults().withFusedKernels(true);
    private static final List<String> TEXTS = List.of("a photo of a cat", "a rocket on the launch pad", "", "a cup of coffee");

    private static List<Path> images() throws Exception {
        try (Stream<Path> s = Files.list(Fixtures.TINY_CLIP.resolve("images"))) {
            return s.sorted().toList();
        }
    }

    private static void assumeKernels() {
        Devices.open("cpu");
        Assumptions.assumeTrue(FusedKernels.available(), "built without CMake: no native kernels");
    }

    /** fp32 on the CPU: the fused and unfused encoders agree to float rounding, and both meet the reference's 1e-4. */
    @Test
    void fusedFp32EncodersMatchTheUnfusedOnesAndTheReference() throws Exception {
        assumeKernels();
        try (ClipModel plain = ClipModel.load(Fixtures.TINY_CLIP); ClipModel fused = ClipModel.load(Fixtures.TINY_CLIP, FUSED);
             PointerScope scope = new PointerScope();
             Embeddings pi = plain.embedPixels(reference().tensor("pixel_values"));
             Embeddings fi = fused.embedPixels(reference().tensor("pixel_values"));
             Embeddings pt = plain.embedTokenIds(reference().tensor("input_ids"), true);
             Embeddings ft = fused.embedTokenIds(reference().tensor("input_ids"), true);
             Embeddings fp = fused.embedPixels(reference().tensor("pixel_values"), false)) {
            assertTrue(fused.usesFusedKernels());
            assertFalse(plain.usesFusedKernels());
            System.out.printf("fused vs unfused fp32: images %.3g, texts %.3g%n",
                    assertClose(flatten(pi.toArray()), flatten(fi.toArray()), 1e-5, "fused image_embeds vs unfused"),
                    assertClose(flatten(pt.toArray()), flatten(ft.toArray()), 1e-5, "fused text_embeds vs unfused"));
            assertClose(reference().floats("image_embeds"), flatten(fi.toArray()), 1e-4, "fused image_embeds");
            assertClose(reference().floats("text_embeds"), flatten(ft.toArray()), 1e-4, "fused text_embeds");
            assertClose(reference().floats("image_pooled"), flatten(fp.toArray()), 1e-4, "fused image_pooled");
        }
    }

    /** int8 linears keep their own bias; the residual add + LayerNorm still fuse. */
    @Test
    void fusedInt8EncodersMatchTheUnfusedInt8Ones() throws Exception {
        assumeKernels();
        ClipOptions int8 = ClipOptions.defaults().withPrecision(Precision.INT8);
        try (ClipModel plain = ClipModel.load(Fixtures.TINY_CLIP, int8);
             ClipModel fused = ClipModel.load(Fixtures.TINY_CLIP, int8.withFusedKernels(true));
             Embeddings pi = plain.embedImageFiles(images()); Embeddings fi = fused.embedImageFiles(images());
             Embeddings pt = plain.embedTexts(TEXTS); Embeddings ft = fused.embedTexts(TEXTS)) {
            assertTrue(fused.usesFusedKernels());
            // the same int8 weights and activation scales: only the float steps between them differ
            System.out.printf("fused vs unfused int8: images %.3g, texts %.3g%n",
                    assertClose(flatten(pi.toArray()), flatten(fi.toArray()), 1e-4, "int8 fused image embeddings"),
                    assertClose(flatten(pt.toArray()), flatten(ft.toArray()), 1e-4, "int8 fused text embeddings"));
        }
    }

    /** bf16 on the CPU has no fused kernel: the switch is ignored and says so. */
    @Test
    void whereTheKernelsDoNotApplyTheSwitchIsIgnored() {
        Devices.open("cpu");
        try (ClipModel bf16 = ClipModel.load(Fixtures.TINY_CLIP, FUSED.withPrecision(Precision.BF16));
             ClipModel plain = ClipModel.load(Fixtures.TINY_CLIP, ClipOptions.defaults().withPrecision(Precision.BF16));
             Embeddings a = bf16.embedTexts(TEXTS); Embeddings b = plain.embedTexts(TEXTS)) {
            assertFalse(bf16.usesFusedKernels());
            assertClose(flatten(b.toArray()), flatten(a.toArray()), 0.0, "bf16 with the switch on");
        }
    }

    /** The hot path with the kernels: embedding over and over leaves native memory flat. */
    @Test
    void fusedEmbeddingLeavesNativeMemoryFlat() throws Exception {
        assumeKernels();
        List<Path> two = images().subList(0, 2);
        try (ClipModel m = ClipModel.load(Fixtures.TINY_CLIP, FUSED)) {
            NativeMemory.assertFlat("fused embed", 3, 100, 64L << 20, () -> {
                try (Embeddings e = m.embedImageFiles(two); Embeddings t = m.embedTexts(List.of("a cat"))) {
                    assertEquals(2, e.toArray().length);
                }
            });
        }
    }

    /**
     * On a GPU, fp32 and bf16, eager and through CUDA graphs: within cosine 0.999 of the unfused
     * path in bf16 (the bound) and 1e-4 in fp32.
     */
    @Test
    @Tag("gpu")
    void fusedGpuEncodersMatchTheUnfusedOnes() throws Exception {
        assumeKernels();
        Assumptions.assumeTrue(FusedKernels.hasCuda() && torch.cuda_is_available(), "no CUDA kernels or no GPU");
        for (Precision precision : new Precision[] {Precision.FP32, Precision.BF16}) {
            ClipOptions gpu = ClipOptions.defaults().withDevice("cuda").withPrecision(precision);
            for (boolean graphs : new boolean[] {false, true}) {
                try (ClipModel plain = ClipModel.load(Fixtures.TINY_CLIP, gpu);
                     ClipModel fused = ClipModel.load(Fixtures.TINY_CLIP, gpu.withFusedKernels(true).withCudaGraphs(graphs));
                     Embeddings pi = plain.embedImageFiles(images()); Embeddings fi = fused.embedImageFiles(images());
                     Embeddings pt = plain.embedTexts(TEXTS); Embeddings ft = fused.embedTexts(TEXTS)) {
                    assertTrue(fused.usesFusedKernels());
                    String what = precision + (graphs ? " graphs" : " eager");
                    if (precision == Precision.FP32) {
                        assertClose(flatten(pi.toArray()), flatten(fi.toArray()), 1e-4, what + " images");
                        assertClose(flatten(pt.toArray()), flatten(ft.toArray()), 1e-4, what + " texts");
                    } else {
                        assertCosines(pi.toArray(), fi.toArray(), 0.999, what + " images");
                        assertCosines(pt.toArray(), ft.toArray(), 0.999, what + " texts");
                    }
                }
            }
        }
    }

    private static void assertCosines(float[][] expected, float[][] actual, double bound, String what) {
        for (int i = 0; i < expected.length; i++) {
            double cosine = Fixtures.cosine(expected[i], actual[i]);
            System.out.printf("%s %d: cosine %.6f%n", what, i, cosine);
            assertTrue(cosine >= bound, what + " " + i + ": cosine " + cosine);
        }
    }
}
