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

    /**
     * The kind a model of {@code precision} uses in one tower. FP8 is for the image tower only:
     * the text tower's activations have outliers that one scale per tensor handles badly (on the
     * demo model, zero-shot agreement with fp32 was 88.7 % with both towers in FP8 and 96.9 % with
     * the image tower alone, against bf16's 98.0 %), and texts are few and cached while images
     * are the load.
     */
    public static LinearWeights of(Precision precision, boolean textTower) {
        return switch (precision) {
            case INT8 -> INT8;
            case FP8 -> textTower ? AS_LOADED : FP8;
            default -> AS_LOADED;
        };
    }
}
