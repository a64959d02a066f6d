package io.clip4j.internal;

import io.clip4j.ClipException;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.T_TensorTensorDoubleLong_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A linear layer with int8 weights, for CPU inference: the weight is quantized once (per tensor,
 * symmetric range from its min and max) and packed for fbgemm; each call quantizes its fp32
 * input on the fly and returns fp32 ({@code fbgemm_linear_int8_weight_fp32_activation}, what
 * PyTorch's dynamic quantization runs on x86). Owns its tensors: {@link #close()} frees them.
 */
final class Int8Linear implements LinearLayer, AutoCloseable {
    private final Tensor weight;
    private final Tensor packed;
    private final Tensor columnOffsets;
    private final double scale;
    private final long zeroPoint;
    private final Tensor bias;

    private Int8Linear(Tensor weight, Tensor packed, Tensor columnOffsets, double scale, long zeroPoint, Tensor bias) {
        this.weight = weight;
        this.packed = packed;
        this.columnOffsets = columnOffsets;
        this.scale = scale;
        this.zeroPoint = zeroPoint;
        this.bias = bias;
    }

    /** Quantizes an fp32 CPU weight [out, in] and keeps an fp32 copy of the bias [out]. */
    static Int8Linear quantize(Tensor fp32Weight, Tensor fp32Bias) {
        try (PointerScope scope = new PointerScope()) { // inference weights: nothing here records gradients
            T_TensorTensorDoubleLong_T q;
            try {
                q = torch.fbgemm_linear_quantize_weight(fp32Weight.contiguous());
            } catch (RuntimeException e) {
                throw new ClipException("dtype int8 needs a CPU that PyTorch's fbgemm supports (x86-64 with AVX2): "
                        + e.getMessage().lines().findFirst().orElse(""), e);
            }
            Tensor weight = new Tensor(q.get0()); // own handles: the tuple's are freed with it
            Tensor offsets = new Tensor(q.get1());
            Tensor packed = torch.fbgemm_pack_quantized_matrix(weight);
            Tensor bias = fp32Bias.contiguous();
            for (Tensor kept : new Tensor[] {weight, offsets, packed, bias}) {
                kept.retainReference(); // outlive the scope; released in close()
            }
            return new Int8Linear(weight, packed, offsets, q.get2(), q.get3(), bias);
        }
    }

    /** {@code x · Wᵀ + b} for fp32 {@code x} [..., in]. */
    @Override
    public Tensor apply(Tensor x) {
        return torch.fbgemm_linear_int8_weight_fp32_activation(x, weight, packed, columnOffsets, new Scalar(scale),
                new Scalar(zeroPoint), bias);
    }

    @Override
    public void close() {
        for (Tensor t : new Tensor[] {weight, packed, columnOffsets, bias}) {
            t.releaseReference();
        }
    }
}
