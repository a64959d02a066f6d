package io.clip4j.model;

import org.bytedeco.pytorch.Tensor;

/** Small tensor helpers that allocate no native memory of their own. */
public final class Tensors {
    private Tensors() {
    }

    /**
     * The tensor's shape. Unlike {@code sizes().vec().get()}, which makes a native vector that
     * only the garbage collector (or an enclosing PointerScope) frees, this reads each dimension.
     */
    public static long[] shape(Tensor t) {
        long[] shape = new long[(int) t.dim()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.size(i);
        }
        return shape;
    }
}
