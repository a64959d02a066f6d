package io.clip4j.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The native fused bias + quick_gelu against libtorch's unfused steps ({@code x + b}, then
 * {@code v·sigmoid(1.702·v)}). Runs wherever the build had CMake (CI's machines have it); the
 * CUDA case needs a GPU.
 */
class FusedKernelsTest {
    private static Tensor unfused(Tensor x, Tensor bias) {
        Tensor v = x.add(bias);
        return v.mul(torch.sigmoid(v.mul(new Scalar(1.702))));
    }

    private static double worstRelative(Tensor actual, Tensor expected) {
        Tensor a = actual.to(ScalarType.Float).cpu();
        Tensor e = expected.to(ScalarType.Float).cpu();
        return a.sub(e).abs().div(e.abs().add(new Scalar(1))).max().item_double();
    }

    @Test
    void cpuKernelEqualsTheUnfusedSteps() {
        io.clip4j.Devices.open("cpu"); // libtorch loaded clip4j's way first
        Assumptions.assumeTrue(FusedKernels.available(), "built without CMake: no native kernels");
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(3);
            Tensor x = torch.randn(5, 7, 768).mul(new Scalar(4));
            Tensor bias = torch.randn(768);
            Tensor expected = unfused(x, bias);
            FusedKernels.biasQuickGelu(x, bias, null);
            double worst = worstRelative(x, expected);
            assertTrue(worst <= 1e-6, "worst relative error " + worst);
            assertThrows(ClipException.class, () -> FusedKernels.biasQuickGelu(torch.randn(3, 5), torch.randn(4), null));
            assertThrows(ClipException.class, () -> FusedKernels.biasQuickGelu(torch.randn(3, 4).t(), torch.randn(3), null));
            assertThrows(ClipException.class,
                    () -> FusedKernels.biasQuickGelu(torch.randn(2, 4).to(ScalarType.BFloat16), torch.randn(4).to(ScalarType.BFloat16), null));
        }
    }

    @Test
    @Tag("gpu")
    void cudaKernelEqualsTheUnfusedStepsInFp32AndBf16() {
        io.clip4j.Devices.open("cpu");
        Assumptions.assumeTrue(FusedKernels.hasCuda(), "no CUDA kernels in this build");
        Assumptions.assumeTrue(torch.cuda_is_available(), "CUDA is not available");
        try (PointerScope scope = new PointerScope()) {
            Device cuda = new Device("cuda");
            // 3072: bf16 two at a time; 3071 (odd) and a bias one element into its buffer: one at a time
            for (ScalarType type : new ScalarType[] {ScalarType.Float, ScalarType.BFloat16}) {
                for (int cols : new int[] {3072, 3071}) {
                    Tensor x = torch.randn(64, 50, cols).to(cuda, type);
                    Tensor bias = cols % 2 == 0 ? torch.randn(cols).to(cuda, type)
                            : torch.randn(cols + 1).to(cuda, type).narrow(0, 1, cols);
                    Tensor expected = unfused(x.to(ScalarType.Float), bias.to(ScalarType.Float));
                    FusedKernels.biasQuickGelu(x, bias, null); // the default stream: libtorch's current one here
                    torch.cuda_synchronize();
                    double worst = worstRelative(x, expected);
                    assertTrue(worst <= (type == ScalarType.Float ? 1e-5 : 1e-2), type + " " + cols + ": worst relative error " + worst);
                }
            }
        }
    }

    /** libtorch's unfused steps: {@code h = x + (delta + bias)}, then {@code layer_norm(h)}. */
    private static Tensor[] unfusedAddLayerNorm(Tensor x, Tensor delta, Tensor bias, Tensor gamma, Tensor beta) {
        Tensor h = x.add(bias == null ? delta : delta.add(bias));
        Tensor n = torch.layer_norm(h, new long[] {gamma.numel()}, new TensorOptional(gamma), new TensorOptional(beta), 1e-5, true);
        return new Tensor[] {h, n};
    }

    @Test
    void cpuAddLayerNormEqualsTheUnfusedSteps() {
        io.clip4j.Devices.open("cpu");
        Assumptions.assumeTrue(FusedKernels.available(), "built without CMake: no native kernels");
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(5);
            // a residual stream with a few large channels, as CLIP's has, around an offset
            Tensor x = torch.randn(3, 50, 768).add(new Scalar(20));
            x.select(2, 7).mul_(new Scalar(40));
            Tensor delta = torch.randn(3, 50, 768);
            Tensor bias = torch.randn(768);
            Tensor gamma = torch.rand(768).add(new Scalar(0.5));
            Tensor beta = torch.randn(768);
            for (Tensor b : new Tensor[] {bias, null}) {
                Tensor[] expected = unfusedAddLayerNorm(x, delta, b, gamma, beta);
                Tensor[] actual = FusedKernels.addLayerNorm(x, delta, b, gamma, beta, 1e-5, null);
                double sum = worstRelative(actual[0], expected[0]);
                double normed = worstRelative(actual[1], expected[1]);
                System.out.printf("add+layer_norm (bias %s): worst relative error sum %.3g, normed %.3g%n",
                        b == null ? "no" : "yes", sum, normed);
                assertTrue(sum <= 1e-6 && normed <= 1e-5, "sum " + sum + ", normed " + normed);
            }
            assertThrows(ClipException.class,
                    () -> FusedKernels.addLayerNorm(x, delta.narrow(1, 0, 10), bias, gamma, beta, 1e-5, null));
            assertThrows(ClipException.class,
                    () -> FusedKernels.addLayerNorm(x, delta, torch.randn(767), gamma, beta, 1e-5, null));
            assertThrows(ClipException.class,
                    () -> FusedKernels.addLayerNorm(x.transpose(0, 1), delta.transpose(0, 1), bias, gamma, beta, 1e-5, null));
        }
    }

    @Test
    @Tag("gpu")
    void cudaAddLayerNormEqualsTheUnfusedStepsInFp32AndBf16() {
        io.clip4j.Devices.open("cpu");
        Assumptions.assumeTrue(FusedKernels.hasCuda(), "no CUDA kernels in this build");
        Assumptions.assumeTrue(torch.cuda_is_available(), "CUDA is not available");
        try (PointerScope scope = new PointerScope()) {
            Device cuda = new Device("cuda");
            for (ScalarType type : new ScalarType[] {ScalarType.Float, ScalarType.BFloat16}) {
                Tensor x = torch.randn(64, 257, 1024).to(cuda, type);
                Tensor delta = torch.randn(64, 257, 1024).to(cuda, type);
                Tensor bias = torch.randn(1024).to(cuda, type);
                Tensor gamma = torch.rand(1024).add(new Scalar(0.5)).to(cuda, type);
                Tensor beta = torch.randn(1024).to(cuda, type);
                Tensor[] expected = unfusedAddLayerNorm(x, delta, bias, gamma, beta);
                Tensor[] actual = FusedKernels.addLayerNorm(x, delta, bias, gamma, beta, 1e-5, null);
                torch.cuda_synchronize();
                double tolerance = type == ScalarType.Float ? 1e-5 : 2e-2;
                double sum = worstRelative(actual[0], expected[0]);
                double normed = worstRelative(actual[1], expected[1]);
                System.out.printf("cuda %s add+layer_norm: worst relative error sum %.3g, normed %.3g%n", type, sum, normed);
                assertTrue(sum <= tolerance && normed <= tolerance, type + ": sum " + sum + ", normed " + normed);
            }
        }
    }

    /** Where the build had no CMake: the kernels are missing, and saying so names why. */
    @Test
    void withoutTheLibraryTheKernelsSayWhy() {
        io.clip4j.Devices.open("cpu");
        Assumptions.assumeFalse(FusedKernels.available(), "this build has the native kernels");
        ClipException e = assertThrows(ClipException.class, () -> FusedKernels.biasQuickGelu(null, null, null));
        assertTrue(e.getMessage().startsWith("this build has no native kernels"), e.getMessage());
    }
}
