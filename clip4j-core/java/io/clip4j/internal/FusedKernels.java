package io.clip4j.internal;

import io.clip4j.ClipException;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * clip4j's native fused kernels on libtorch tensors ({@code native/}, bound by
 * {@link NativeKernels}), and whether this build has them: without CMake at build time there is
 * no native library, {@link #available()} is false and the libtorch path is the only one.
 */
public final class FusedKernels {
    private static final int ABI = 1;
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
        ScalarType type = x.scalar_type().intern();
        if (!x.is_cuda()) {
            if (type != ScalarType.Float) {
                throw new ClipException("the CPU kernel takes fp32, not " + type);
            }
            NativeKernels.clip4j_bias_quick_gelu_f32_cpu(new FloatPointer(x.data_ptr()), new FloatPointer(bias.data_ptr()),
                    rows, cols);
            return;
        }
        int dtype = type == ScalarType.Float ? 0 : type == ScalarType.BFloat16 ? 1 : -1;
        if (dtype < 0) {
            throw new ClipException("the CUDA kernel takes fp32 or bf16, not " + type);
        }
        int status = NativeKernels.clip4j_bias_quick_gelu_cuda(x.data_ptr(), bias.data_ptr(), rows, cols, dtype, cudaStream);
        if (status != 0) {
            throw new ClipException("fused bias+quick_gelu failed on the GPU: status " + status
                    + (status == -1 ? " (library built without CUDA)" : ""));
        }
    }
}
