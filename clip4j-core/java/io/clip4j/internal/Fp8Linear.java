package io.clip4j.internal;

import io.clip4j.ClipException;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Dispatcher;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.OperatorHandle;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A linear layer with FP8 (e4m3) weights and activations and a bf16 result, through libtorch's
 * {@code _scaled_mm} (cuBLASLt's FP8 GEMM on GPUs of compute capability 8.9 and newer; a
 * dequantize-and-multiply emulation on the CPU, which is how it is tested without a GPU). The
 * weight is scaled once per tensor so that its largest magnitude maps to e4m3's largest value
 * (448); each call scales its input the same way, on the device, without a host sync. Owns its
 * tensors: {@link #close()} frees them.
 */
final class Fp8Linear implements LinearLayer, AutoCloseable {
    /** e4m3's largest finite value. */
    static final double E4M3_MAX = 448.0;

    // _scaled_mm has no C++ API entry in the JavaCPP presets; it is called through the dispatcher.
    // Kept past whatever scope first loads this class: the handle lives as long as the process.
    private static final OperatorHandle SCALED_MM =
            PastScope.keep(Dispatcher.singleton().findSchemaOrThrow("aten::_scaled_mm", ""));

    private final Tensor weight;      // e4m3 [out, in], contiguous: its transpose is the column-major B
    private final Tensor weightScale; // fp32, one element, on the weight's device
    private final Tensor bias;        // bf16 [out]

    private Fp8Linear(Tensor weight, Tensor weightScale, Tensor bias) {
        this.weight = weight;
        this.weightScale = weightScale;
        this.bias = bias;
    }

    /**
     * Quantizes a weight [out, in] (any float dtype) and keeps a bf16 copy of the bias [out].
     *
     * @param name the layer's name, for the error when its sizes do not suit cuBLASLt
     */
    static Fp8Linear quantize(String name, Tensor weight, Tensor bias) {
        if (weight.size(0) % 16 != 0 || weight.size(1) % 16 != 0) {
            throw new ClipException("dtype fp8 needs linear layers whose sizes are multiples of 16 (cuBLASLt's FP8 GEMM); "
                    + name + " is [" + weight.size(0) + ", " + weight.size(1) + "]: use bf16");
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor w = weight.to(ScalarType.Float);
            Tensor scale = scaleOf(w);
            Tensor w8 = toE4m3(w, scale).contiguous();
            Tensor b = bias.to(ScalarType.BFloat16).contiguous();
            for (Tensor kept : new Tensor[] {w8, scale, b}) {
                kept.retainReference(); // outlive the scope; released in close()
            }
            return new Fp8Linear(w8, scale, b);
        }
    }

    /** {@code x · Wᵀ + b} for {@code x} [..., in] (bf16 or fp32); bf16 [..., out]. */
    @Override
    public Tensor apply(Tensor x) {
        long in = weight.size(1);
        long[] shape = Tensors.shape(x);
        Tensor rows = x.reshape(-1, in).to(ScalarType.Float);
        Tensor scale = scaleOf(rows);
        IValueVector stack = new IValueVector();
        stack.push_back(new IValue(toE4m3(rows, scale).contiguous()));
        stack.push_back(new IValue(weight.t()));
        stack.push_back(new IValue(scale));
        stack.push_back(new IValue(weightScale));
        stack.push_back(new IValue(bias));
        stack.push_back(new IValue());                         // scale_result: none
        stack.push_back(new IValue(ScalarType.BFloat16));      // out_dtype
        stack.push_back(new IValue(false));                    // use_fast_accum: fp32 accumulation
        SCALED_MM.callBoxed(stack);
        Tensor out = stack.get(0).toTensor();
        shape[shape.length - 1] = weight.size(0);
        return out.view(shape);
    }

    /** Per-tensor scale: amax / 448 as a one-element fp32 tensor (never 0, so an all-zero tensor stays 0). */
    private static Tensor scaleOf(Tensor fp32) {
        return fp32.abs().amax().div(new Scalar(E4M3_MAX)).clamp_min(new Scalar(1e-12));
    }

    /** {@code t / scale} in e4m3, clamped to its range (e4m3fn has no infinity: out-of-range values would be NaN). */
    private static Tensor toE4m3(Tensor fp32, Tensor scale) {
        return fp32.div(scale).clamp(new ScalarOptional(new Scalar(-E4M3_MAX)), new ScalarOptional(new Scalar(E4M3_MAX)))
                .to(ScalarType.Float8_e4m3fn);
    }

    @Override
    public void close() {
        for (Tensor t : new Tensor[] {weight, weightScale, bias}) {
            t.releaseReference();
        }
    }
}
