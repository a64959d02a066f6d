package io.clip4j.internal;

import io.clip4j.internal.Tensors;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Small tensor helpers; their temporaries belong to the caller's PointerScope. */
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

    /**
     * A float32 host copy of {@code t}'s values, row-major (detached, moved to the CPU and made
     * contiguous first when needed).
     */
    public static float[] toFloats(Tensor t) {
        Tensor host = t.detach().to(new Device("cpu"), ScalarType.Float).contiguous();
        float[] out = new float[Math.toIntExact(host.numel())];
        new FloatPointer(host.data_ptr()).capacity(out.length).get(out);
        return out;
    }

    /** Each row (last dimension) divided by its L2 norm, as CLIP normalises its features. */
    public static Tensor unitRows(Tensor x) {
        return x.div(x.norm(new ScalarOptional(new Scalar(2.0)), new long[] {-1}, true));
    }
}
