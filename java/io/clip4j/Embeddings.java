package io.clip4j;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A batch of embedding vectors, one row per input, held as a float32 tensor {@code [size, dim]}
 * on the model's device. Owns that native memory: close it (try-with-resources) when done.
 * Views returned by {@link #asFloatBuffer()} are valid only until then.
 */
public final class Embeddings implements AutoCloseable {
    private final Tensor tensor;
    private final int size;
    private final int dim;
    private Tensor host; // the CPU copy, made once on first host access when the tensor is on a GPU
    private boolean closed;

    /** Takes ownership of a float32 tensor {@code [size, dim]}. */
    Embeddings(Tensor tensor) {
        this.tensor = tensor;
        this.size = Math.toIntExact(tensor.size(0));
        this.dim = Math.toIntExact(tensor.size(1));
    }

    /** Number of vectors. */
    public int size() {
        return size;
    }

    /** Length of each vector. */
    public int dim() {
        return dim;
    }

    /** The underlying tensor, still owned by this object (for work that stays on the device). */
    public Tensor tensor() {
        checkOpen();
        return tensor;
    }

    /**
     * All vectors, row-major, as a view of native CPU memory: no copy on the CPU (one copy to
     * the host, made once, for a GPU tensor). Valid until {@link #close()}.
     */
    public synchronized FloatBuffer asFloatBuffer() {
        checkOpen();
        Tensor t = hostTensor();
        return new FloatPointer(t.data_ptr()).capacity((long) size * dim).asBuffer();
    }

    /** A copy of vector {@code i}. */
    public float[] row(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("row " + i + " of " + size);
        }
        float[] out = new float[dim];
        asFloatBuffer().get(i * dim, out);
        return out;
    }

    /** A copy of all vectors. */
    public float[][] toArray() {
        float[][] out = new float[size][];
        for (int i = 0; i < size; i++) {
            out[i] = row(i);
        }
        return out;
    }

    private Tensor hostTensor() {
        if (!tensor.is_cuda()) {
            return tensor;
        }
        if (host == null) {
            try (PointerScope scope = new PointerScope()) {
                host = tensor.to(new Device("cpu"), ScalarType.Float).contiguous();
                host.retainReference(); // owned by this object, released in close()
            }
        }
        return host;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("embeddings already closed");
        }
    }

    /** Frees the native memory. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            tensor.close();
            if (host != null) {
                host.close();
            }
        }
    }
}
