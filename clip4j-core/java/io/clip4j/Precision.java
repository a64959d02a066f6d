package io.clip4j;

import java.util.Locale;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** The number format the model's weights and activations use. */
public enum Precision {
    /** 32-bit float: exact parity with the reference; the default, and the CPU choice. */
    FP32(ScalarType.Float),
    /** 16-bit float (GPU). */
    FP16(ScalarType.Half),
    /** bfloat16 (GPU; fp32's range at half the bytes). */
    BF16(ScalarType.BFloat16);

    private final ScalarType scalarType;

    Precision(ScalarType scalarType) {
        this.scalarType = scalarType;
    }

    /** The libtorch scalar type. */
    public ScalarType scalarType() {
        return scalarType;
    }

    /** Parses {@code fp32}/{@code float32}/{@code float}, {@code fp16}/{@code float16}/{@code half}, {@code bf16}/{@code bfloat16}. */
    public static Precision parse(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "fp32", "float32", "float", "f32" -> FP32;
            case "fp16", "float16", "half", "f16" -> FP16;
            case "bf16", "bfloat16" -> BF16;
            default -> throw new ClipException("unknown dtype '" + name + "'; use fp32, fp16 or bf16");
        };
    }

    /** The short name used on the command line. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
