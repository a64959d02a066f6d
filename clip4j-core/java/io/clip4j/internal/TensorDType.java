package io.clip4j.internal;

import io.clip4j.internal.TensorDType;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** The element types a safetensors file may hold, with their size and libtorch counterpart. */
public enum TensorDType {
    F64(8, ScalarType.Double),
    F32(4, ScalarType.Float),
    F16(2, ScalarType.Half),
    BF16(2, ScalarType.BFloat16),
    I64(8, ScalarType.Long),
    I32(4, ScalarType.Int),
    I16(2, ScalarType.Short),
    I8(1, ScalarType.Char),
    U8(1, ScalarType.Byte),
    BOOL(1, ScalarType.Bool);

    private final int byteSize;
    private final ScalarType scalarType;

    TensorDType(int byteSize, ScalarType scalarType) {
        this.byteSize = byteSize;
        this.scalarType = scalarType;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The libtorch scalar type of the same layout. */
    public ScalarType scalarType() {
        return scalarType;
    }

    /** The safetensors name of a libtorch scalar type, for writing. */
    public static TensorDType of(ScalarType type) {
        for (TensorDType d : values()) {
            if (d.scalarType == type.intern()) { // native calls return non-interned constants
                return d;
            }
        }
        throw new IllegalArgumentException("no safetensors dtype for " + type);
    }

    /** Looks up a safetensors dtype name such as {@code "F32"}; null when unknown. */
    public static TensorDType parse(String name) {
        for (TensorDType d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
