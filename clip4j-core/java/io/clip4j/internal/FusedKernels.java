package io.clip4j.internal;

import io.clip4j.ClipException;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch_cuda;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * clip4j's native fused kernels on libtorch tensors ({@code native/}, bound by
 * {@link NativeKernels}), and whether this build has them: without CMake at build time there is
 * no native library, {@link #available()} is false and the libtorch path is the only one.
 */
public final class FusedKernels {
    private static final int ABI = 2;
    private static final String UNAVAILABLE;

    static {
        String why = null;
        try {
            int abi = NativeKernels.clip4j_native_abi_version();
            if (abi != ABI) {
                why = "libclip4j_native has C ABI " + abi + ", this binding needs " + ABI;
            }
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            why = "this build has no native kernels (built without CMake): " + e.getMessage();
        }
        UNAVAILABLE = why;
    }

    private FusedKernels() {
    }

    /** Whether the native library loaded. */
    public static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Whether it has its CUDA kernels. */
    public static boolean hasCuda() {
        return available() && NativeKernels.clip4j_native_has_cuda() == 1;
    }

    /**
     * In place: {@code x = quick_gelu(x + bias)}, {@code quick_gelu(v) = v·sigmoid(1.702·v)}, for
     * a contiguous [rows, cols] (or [..., cols]) tensor and a [cols] bias of the same dtype and
     * device: fp32 on the CPU; fp32 or bf16 on a GPU, queued on {@code cudaStream} (a
     * {@code cudaStream_t}, or null for the default stream).
     *
     * @throws ClipException when the kernels are missing or the tensors do not fit
     */
    public static void biasQuickGelu(Tensor x, Tensor bias, Pointer cudaStream) {
        if (!available()) {
            throw new ClipException(UNAVAILABLE);
        }
        long cols = bias.numel();
        if (!x.is_contiguous() || !bias.is_contiguous() || x.size(x.dim() - 1) != cols
                || x.scalar_type().intern() != bias.scalar_type().intern() || x.is_cuda() != bias.is_cuda()) {
            throw new ClipException("fused bias+quick_gelu needs contiguous x [..., " + cols + "] and bias [" + cols
                    + "] of one dtype and device");
        }
        long rows = x.numel() / cols;
        int dtype = kernelType(x);
        if (!x.is_cuda()) {
            NativeKernels.clip4j_bias_quick_gelu_f32_cpu(floats(x), floats(bias), rows, cols);
            return;
        }
        check(NativeKernels.clip4j_bias_quick_gelu_cuda(x.data_ptr(), bias.data_ptr(), rows, cols, dtype, cudaStream),
                "bias+quick_gelu");
    }

    /**
     * A pre-LayerNorm block's residual add and the LayerNorm after it in one pass, over the last
     * dimension of contiguous [..., width] tensors of one dtype and device:
     * {@code sum = x + (delta + deltaBias)} and {@code normed = layer_norm(sum, gamma, beta, eps)}
     * (biased variance, as {@code torch.layer_norm}); {@code deltaBias} may be null. fp32 on the
     * CPU; fp32 or bf16 on a GPU, queued on {@code cudaStream}.
     *
     * @return {@code {sum, normed}}, new tensors shaped like {@code x}
     * @throws ClipException when the kernels are missing or the tensors do not fit
     */
    public static Tensor[] addLayerNorm(Tensor x, Tensor delta, Tensor deltaBias, Tensor gamma, Tensor beta, double eps,
                                        Pointer cudaStream) {
        if (!available()) {
            throw new ClipException(UNAVAILABLE);
        }
        long width = gamma.numel();
        for (Tensor t : deltaBias == null ? new Tensor[] {x, delta, gamma, beta} : new Tensor[] {x, delta, deltaBias, gamma, beta}) {
            if (!t.is_contiguous() || t.scalar_type().intern() != x.scalar_type().intern() || t.is_cuda() != x.is_cuda()) {
                throw new ClipException("fused add+layer_norm needs contiguous tensors of one dtype and device");
            }
        }
        if (x.size(x.dim() - 1) != width || !Arrays.equals(Tensors.shape(x), Tensors.shape(delta)) || beta.numel() != width
                || (deltaBias != null && deltaBias.numel() != width)) {
            throw new ClipException("fused add+layer_norm needs x and delta of one shape [..., " + width
                    + "] and gamma, beta (and the bias) of [" + width + "]");
        }
        long rows = x.numel() / width;
        int dtype = kernelType(x);
        Tensor sum = torch.empty_like(x);
        Tensor normed = torch.empty_like(x);
        if (!x.is_cuda()) {
            NativeKernels.clip4j_add_layer_norm_f32_cpu(floats(x), floats(delta), deltaBias == null ? null : floats(deltaBias),
                    floats(gamma), floats(beta), floats(sum), floats(normed), rows, width, (float) eps);
        } else {
            check(NativeKernels.clip4j_add_layer_norm_cuda(x.data_ptr(), delta.data_ptr(),
                    deltaBias == null ? null : deltaBias.data_ptr(), gamma.data_ptr(), beta.data_ptr(), sum.data_ptr(),
                    normed.data_ptr(), rows, width, (float) eps, dtype, cudaStream), "add+layer_norm");
        }
        return new Tensor[] {sum, normed};
    }

    /** The {@code cudaStream_t} libtorch queues the calling thread's work for {@code x}'s GPU on; null on the CPU. */
    public static Pointer currentStream(Tensor x) {
        return x.is_cuda() ? torch_cuda.getCurrentCUDAStream(x.device().index()).stream() : null;
    }

    /** Whether the kernels take {@code x}'s dtype on its device. */
    public static boolean supports(Tensor x) {
        return supports(x.scalar_type().intern(), x.is_cuda());
    }

    /** Whether this build's kernels take {@code type} on a GPU ({@code cuda}) or the CPU: fp32 on the CPU, fp32 or bf16 on a GPU. */
    public static boolean supports(ScalarType type, boolean cuda) {
        if (!available() || (cuda && !hasCuda())) {
            return false;
        }
        return type == ScalarType.Float || (cuda && type == ScalarType.BFloat16);
    }

    /** The header's {@code clip4j_dtype} of {@code x}, refusing what {@link #supports} says the kernels do not take. */
    private static int kernelType(Tensor x) {
        ScalarType type = x.scalar_type().intern();
        if (!supports(type, x.is_cuda())) {
            throw new ClipException("the fused kernels take fp32 on the CPU" + (hasCuda() ? " and fp32 or bf16 on a GPU"
                    : " (this library was built without CUDA)") + ", not " + type + (x.is_cuda() ? " on a GPU" : " on the CPU"));
        }
        return type == ScalarType.Float ? 0 : 1;
    }

    private static FloatPointer floats(Tensor t) {
        return new FloatPointer(t.data_ptr());
    }

    private static void check(int status, String kernel) {
        if (status != 0) {
            throw new ClipException("fused " + kernel + " failed on the GPU: " + describe(status)
                    + "; run without fused kernels (ClipOptions.withFusedKernels(false), CLI without --fused-kernels)");
        }
    }

    /** The kernels' status codes (cudaError_t, or the header's own) that have a known cause. */
    private static String describe(int status) {
        return switch (status) {
            case -1 -> "this library was built without CUDA";
            case 35 -> "CUDA error 35: the NVIDIA driver is older than the CUDA runtime the kernels were built with "
                    + "(CUDA 13 needs driver 580 or newer); rebuild native/ with this machine's CUDA toolkit";
            case 209 -> "CUDA error 209: the kernels were not built for this GPU's architecture "
                    + "(set CMAKE_CUDA_ARCHITECTURES when building native/)";
            default -> "CUDA error " + status;
        };
    }
}
