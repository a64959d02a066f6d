package io.clip4j.internal;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * The JavaCPP binding of {@code native/include/clip4j_native.h} (one function each). Its JNI
 * library exists only where the build had CMake (the {@code native} Maven profile); use it
 * through {@link FusedKernels}, which says whether it loaded.
 */
@Platform(include = "clip4j_native.h", preload = "clip4j_native", link = "clip4j_native")
public final class NativeKernels {
    static {
        Loader.load();
    }

    private NativeKernels() {
    }

    /** The library's C ABI version. */
    public static native int clip4j_native_abi_version();

    /** 1 when the library has its CUDA kernels. */
    public static native int clip4j_native_has_cuda();

    /** In place on the CPU: {@code x = quick_gelu(x + bias)} for fp32 {@code x} [rows, cols]. */
    public static native void clip4j_bias_quick_gelu_f32_cpu(FloatPointer x, FloatPointer bias, long rows, long cols);

    /** The same on a CUDA stream; returns 0 or an error code (see the header). */
    public static native int clip4j_bias_quick_gelu_cuda(Pointer x, Pointer bias, long rows, long cols, int dtype,
                                                         Pointer stream);

    /** On the CPU: {@code sum = x + (delta + deltaBias)} (deltaBias may be null) and {@code normed = layer_norm(sum)}. */
    public static native void clip4j_add_layer_norm_f32_cpu(FloatPointer x, FloatPointer delta, FloatPointer deltaBias,
                                                            FloatPointer gamma, FloatPointer beta, FloatPointer sum,
                                                            FloatPointer normed, long rows, long cols, float eps);

    /** The same on a CUDA stream; returns 0 or an error code (see the header). */
    public static native int clip4j_add_layer_norm_cuda(Pointer x, Pointer delta, Pointer deltaBias, Pointer gamma,
                                                        Pointer beta, Pointer sum, Pointer normed, long rows, long cols,
                                                        float eps, int dtype, Pointer stream);
}
