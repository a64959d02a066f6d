package io.clip4j.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
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
            for (ScalarType type : new ScalarType[] {ScalarType.Float, ScalarType.BFloat16}) {
                Tensor x = torch.randn(64, 50, 3072).to(cuda, type);
                Tensor bias = torch.randn(3072).to(cuda, type);
                Tensor expected = unfused(x.to(ScalarType.Float), bias.to(ScalarType.Float));
                FusedKernels.biasQuickGelu(x, bias, null); // the default stream: libtorch's current one here
                torch.cuda_synchronize();
                double worst = worstRelative(x, expected);
                assertTrue(worst <= (type == ScalarType.Float ? 1e-5 : 1e-2), type + ": worst relative error " + worst);
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
