package io.clip4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.internal.Checkpoint;
import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.LinearWeights;
import io.clip4j.internal.Tensors;
import io.clip4j.internal.TextTower;
import io.clip4j.internal.VisionTower;
import io.clip4j.model.ClipConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The opt-in FP8 path: refused where it cannot run; on the CPU (libtorch's emulated
 * {@code _scaled_mm}) its towers stay near bf16's, which tests everything but cuBLASLt's kernel;
 * on a GPU with FP8 tensor cores, the whole model against bf16.
 */
class Fp8Test {
    private static final ClipOptions FP8 = ClipOptions.defaults().withPrecision(Precision.FP8);

    private static void assertCosines(float[][] expected, float[][] actual, double bound, String what) {
        double worst = 1;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.min(worst, Fixtures.cosine(expected[i], actual[i]));
        }
        System.out.printf("%s: worst cosine %.5f over %d rows%n", what, worst, expected.length);
        assertTrue(worst >= bound, what + ": worst cosine " + worst);
    }

    /** The fixture's weights in bf16 on the CPU (they close their checkpoint with them). */
    private static ClipWeights tinyBf16Weights() {
        return ClipWeights.load(Checkpoint.open(Fixtures.TINY_CLIP), ClipConfig.read(Fixtures.TINY_CLIP.resolve("config.json")),
                new Device("cpu"), ScalarType.BFloat16);
    }

    private static float[][] rows(Tensor t) {
        float[] flat = Tensors.toFloats(t);
        int n = (int) t.size(0);
        int d = flat.length / n;
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    @Test
    void fp8IsRefusedOnTheCpuAndForTrainingNamingTheAlternative() {
        assertEquals(Precision.FP8, Precision.parse("fp8"));
        assertEquals(Precision.FP8, Precision.parse("e4m3"));
        ClipException cpu = assertThrows(ClipException.class, () -> ClipModel.load(Fixtures.TINY_CLIP, FP8));
        assertTrue(cpu.getMessage().contains("compute capability 8.9") && cpu.getMessage().contains("int8"), cpu.getMessage());
    }

    /** A model in fp8 gives its image tower FP8 linear layers and keeps its text tower in bf16. */
    @Test
    void fp8IsForTheImageTowerOnly() {
        assertEquals(LinearWeights.FP8, LinearWeights.of(Precision.FP8, false));
        assertEquals(LinearWeights.AS_LOADED, LinearWeights.of(Precision.FP8, true));
        assertEquals(LinearWeights.INT8, LinearWeights.of(Precision.INT8, true));
        assertEquals(LinearWeights.AS_LOADED, LinearWeights.of(Precision.BF16, false));
    }

    /** Both towers with FP8 linear layers against the same bf16 weights, on the CPU's emulated FP8 GEMM. */
    @Test
    void fp8TowersStayNearBf16() {
        Devices.open("cpu");
        try (ClipWeights weights = tinyBf16Weights();
             NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            Tensor pixels = Fixtures.reference().tensor("pixel_values").to(ScalarType.BFloat16);
            Tensor ids = Fixtures.reference().tensor("input_ids");
            float[][] bf16Images = rows(new VisionTower(weights).forward(pixels));
            float[][] fp8Images = rows(new VisionTower(weights, LinearWeights.FP8, false).forward(pixels));
            float[][] bf16Texts = rows(new TextTower(weights).forward(ids));
            float[][] fp8Texts = rows(new TextTower(weights, LinearWeights.FP8, false).forward(ids));
            assertCosines(bf16Images, fp8Images, 0.99, "fp8 vs bf16 image features (CPU)");
            assertCosines(bf16Texts, fp8Texts, 0.99, "fp8 vs bf16 text features (CPU)");
        }
    }

    /** The FP8 path over and over (activation scaling, the dispatcher call and its stack): native memory stays flat. */
    @Test
    void fp8ForwardLeavesNativeMemoryFlat() {
        Devices.open("cpu");
        try (ClipWeights weights = tinyBf16Weights();
             NoGradGuard noGrad = new NoGradGuard(); PointerScope outer = new PointerScope()) {
            Tensor pixels = Fixtures.reference().tensor("pixel_values").to(ScalarType.BFloat16);
            Tensor ids = Fixtures.reference().tensor("input_ids");
            VisionTower vision = new VisionTower(weights, LinearWeights.FP8, false);
            TextTower text = new TextTower(weights, LinearWeights.FP8, false);
            NativeMemory.assertFlat("fp8 forward", 3, 100, 64L << 20, () -> {
                try (PointerScope scope = new PointerScope()) {
                    assertEquals(pixels.size(0), vision.forward(pixels).size(0));
                    assertEquals(ids.size(0), text.forward(ids).size(0));
                }
            });
        }
    }

    /** On an FP8 GPU: the whole model, eager and with the fused kernels, within cosine 0.99 of bf16 (images). */
    @Test
    @Tag("gpu")
    void fp8OnAGpuStaysNearBf16() throws Exception {
        Devices.open("cpu");
        Assumptions.assumeTrue(torch.cuda_is_available(), "CUDA is not available");
        Assumptions.assumeTrue(Devices.computeCapability(Devices.open("cuda")) >= 89, "this GPU has no FP8 tensor cores");
        List<String> texts = List.of("a photo of a cat", "a rocket on the launch pad", "", "a cup of coffee");
        List<Path> images;
        try (Stream<Path> s = Files.list(Fixtures.TINY_CLIP.resolve("images"))) {
            images = s.sorted().toList();
        }
        ClipOptions gpu = ClipOptions.defaults().withDevice("cuda");
        for (boolean fused : new boolean[] {false, true}) {
            try (ClipModel bf16 = ClipModel.load(Fixtures.TINY_CLIP, gpu.withPrecision(Precision.BF16));
                 ClipModel fp8 = ClipModel.load(Fixtures.TINY_CLIP, gpu.withPrecision(Precision.FP8).withFusedKernels(fused));
                 Embeddings bi = bf16.embedImageFiles(images); Embeddings fi = fp8.embedImageFiles(images);
                 Embeddings bt = bf16.embedTexts(texts); Embeddings ft = fp8.embedTexts(texts)) {
                assertCosines(bi.toArray(), fi.toArray(), 0.99, "fp8 vs bf16 images (GPU, fused " + fused + ")");
                // the text tower stays in bf16: only the fused kernels' rounding can differ
                assertCosines(bt.toArray(), ft.toArray(), 0.999, "fp8 model vs bf16 texts (GPU, fused " + fused + ")");
            }
        }
    }
}
