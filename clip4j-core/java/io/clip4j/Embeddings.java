package io.clip4j;

import io.clip4j.gpu.ClipEvent;
import io.clip4j.gpu.ClipStream;
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
 *
 * <p>On a GPU the vectors may still be in the making when the encoding call returns: they know
 * the stream that computes them, and every host read ({@link #row}, {@link #toArray},
 * {@link #asFloatBuffer}) waits for that stream's work first. {@link #isReady()} asks without waiting.
 */
public final class Embeddings implements AutoCloseable {
    private final Tensor tensor;
    private final int size;
    private final int dim;
    private final ClipStream stream;
    private final ClipEvent ready; // recorded on the producing stream right after the work that makes the tensor
    private Tensor host; // the CPU copy, made once on first host access when the tensor is on a GPU
    private boolean closed;

    /** Takes ownership of a float32 tensor {@code [size, dim]} whose work was queued on the current stream. */
    Embeddings(Tensor tensor) {
        this.tensor = tensor;
        this.size = Math.toIntExact(tensor.size(0));
        this.dim = Math.toIntExact(tensor.size(1));
        this.stream = ClipStream.current(tensor.device());
        this.ready = stream.isCuda() ? stream.record() : ClipEvent.done();
    }

    /**
     * Vectors the caller already holds (e.g. rows a batcher handed back), copied into a CPU
     * tensor {@code [rows.length, dim]}.
     *
     * @throws ClipException when there are no rows or they differ in length
     */
    public static Embeddings of(float[][] rows) {
        if (rows.length == 0) {
            throw new ClipException("no embedding rows");
        }
        int dim = rows[0].length;
        try (PointerScope scope = new PointerScope(); FloatPointer data = new FloatPointer((long) rows.length * dim)) {
            for (int i = 0; i < rows.length; i++) {
                if (rows[i].length != dim) {
                    throw new ClipException("embedding row " + i + " has " + rows[i].length + " values, not " + dim);
                }
                data.position((long) i * dim).put(rows[i], 0, dim);
            }
            data.position(0);
            Tensor copy = org.bytedeco.pytorch.global.torch.from_blob(data, new long[] {rows.length, dim},
                    new org.bytedeco.pytorch.TensorOptions(ScalarType.Float)).clone();
            return new Embeddings(io.clip4j.internal.PastScope.keep(copy));
        }
    }

    /** The stream the vectors are computed on (the CPU stand-in for CPU tensors). */
    public ClipStream stream() {
        return stream;
    }

    /** True when the vectors are computed (always on the CPU); does not wait. */
    public boolean isReady() {
        checkOpen();
        return ready.isDone();
    }

    /** Blocks until the vectors are computed. */
    public Embeddings awaitReady() {
        checkOpen();
        ready.synchronize();
        return this;
    }

    /**
     * Makes {@code other} wait for these vectors before its later work, without blocking the
     * host: for device work on another stream that reads {@link #tensor()}.
     */
    public void orderBefore(ClipStream other) {
        checkOpen();
        ready.block(other);
    }

    /** Number of vectors. */
    public int size() {
        return size;
    }

    /** Length of each vector. */
    public int dim() {
        return dim;
    }

    /**
     * The underlying tensor, still owned by this object (for work that stays on the device). Work
     * on the producing stream sees it complete; on another stream call {@link #orderBefore} first.
     */
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
            ready.synchronize(); // the producing stream may not be this thread's current one
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
            ready.close();
            if (host != null) {
                host.close();
            }
        }
    }
}
