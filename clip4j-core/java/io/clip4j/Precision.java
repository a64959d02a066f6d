package io.clip4j;

import java.util.Locale;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** The number format the model's weights and activations use. */
public enum Precision {
    /** 32-bit float: exact parity with the reference; the default, and the CPU choice. */
    FP32(ScalarType.Float),
    /** 16-bit float (GPU). */
    FP16(ScalarType.Half),
    /** bfloat16 (fp32's range at half the bytes; on the GPU, and on CPUs with AVX512-BF16 or AMX). */
    BF16(ScalarType.BFloat16),
    /**
     * int8 weights for the transformer's linear layers, activations quantized per call (PyTorch's
     * fbgemm kernels: x86 CPUs with AVX2, fastest with AVX512-VNNI); fp32 everywhere else. CPU
     * inference only: opt-in, slightly less exact than fp32 (see docs/performance).
     */
    INT8(ScalarType.Float);

    private final ScalarType scalarType;

    Precision(ScalarType scalarType) {
        this.scalarType = scalarType;
    }

    /** The libtorch scalar type of weights and activations ({@code Float} for {@link #INT8}, whose int8 weights are extra). */
    public ScalarType scalarType() {
        return scalarType;
    }

    /** Parses {@code fp32}/{@code float32}/{@code float}, {@code fp16}/{@code float16}/{@code half}, {@code bf16}/{@code bfloat16}, {@code int8}. */
    public static Precision parse(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "fp32", "float32", "float", "f32" -> FP32;
            case "fp16", "float16", "half", "f16" -> FP16;
            case "bf16", "bfloat16" -> BF16;
            case "int8", "i8" -> INT8;
            default -> throw new ClipException("unknown dtype '" + name + "'; use fp32, fp16, bf16 or int8");
        };
    }

    /** The short name used on the command line. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
