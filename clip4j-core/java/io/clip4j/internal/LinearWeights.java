package io.clip4j.internal;

import io.clip4j.Precision;

/** How a transformer keeps the weights of its linear layers. */
public enum LinearWeights {
    /** As loaded, in the model's precision ({@link LinearLayer.Dense}). */
    AS_LOADED,
    /** int8 copies for fbgemm ({@link Int8Linear}; fp32 CPU weights). */
    INT8,
    /** FP8 e4m3 copies for {@code _scaled_mm} ({@link Fp8Linear}; bf16 activations). */
    FP8;

    /** The kind a model of {@code precision} uses. */
    public static LinearWeights of(Precision precision) {
        return switch (precision) {
            case INT8 -> INT8;
            case FP8 -> FP8;
            default -> AS_LOADED;
        };
    }
}
