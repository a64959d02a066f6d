package io.clip4j.gpu;

import io.clip4j.internal.PastScope;

import io.clip4j.ClipException;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.cuda.CUDAStream;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch_cuda;

/**
 * A CUDA stream that clip4j's work can be queued on, or, for a CPU device, a stand-in on which
 * every operation is a no-op (CPU work is done when the call returns), so that code written
 * against streams runs anywhere.
 *
 * <pre>{@code
 * ClipStream stream = ClipStream.fromPool(clip.device(), false);
 * try (StreamScope on = clip.onStream(stream);
 *      Embeddings e = clip.embedPixels(pixels)) {   // returns once the work is queued
 *     float[] first = e.row(0);                      // waits for the stream's work first
 * }
 * }</pre>
 */
public final class ClipStream {
    private static final ClipStream CPU = new ClipStream(null);

    private final CUDAStream cuda; // null for the CPU stand-in

    private ClipStream(CUDAStream cuda) {
        this.cuda = cuda;
    }

    /** The CPU stand-in: nothing to wait for, nothing to order. */
    public static ClipStream cpu() {
        return CPU;
    }

    /**
     * A stream from libtorch's pool for {@code device} (round-robin over a fixed set of streams, so
     * cheap to call); the CPU stand-in for a CPU device. High-priority streams are scheduled ahead
     * of normal ones when both have work ready (e.g. latency-bound requests beside a bulk job).
     */
    public static ClipStream fromPool(Device device, boolean highPriority) {
        if (!device.is_cuda()) {
            return CPU;
        }
        return new ClipStream(PastScope.keep(torch_cuda.getStreamFromPool(highPriority, index(device))));
    }

    /** The stream the calling thread's CUDA work goes to now (the default stream unless a scope changed it). */
    public static ClipStream current(Device device) {
        if (!device.is_cuda()) {
            return CPU;
        }
        return new ClipStream(PastScope.keep(torch_cuda.getCurrentCUDAStream(index(device))));
    }

    /**
     * Wraps a {@code cudaStream_t} created by the caller's own CUDA or OpenCV code, so clip4j's
     * work and theirs share one queue. The caller keeps ownership: destroy it only after the
     * work queued on it is done.
     *
     * @param handle      the {@code cudaStream_t} value (a pointer, as a long)
     * @param deviceIndex the GPU it belongs to
     */
    public static ClipStream external(long handle, int deviceIndex) {
        if (handle == 0) {
            throw new ClipException("an external stream handle must not be 0 (the legacy default stream); use current()");
        }
        checkCuda();
        Pointer raw = new Pointer((Pointer) null) {
            {
                address = handle;
            }
        };
        return new ClipStream(PastScope.keep(torch_cuda.getStreamFromExternal(new CUstream_st(raw), (byte) deviceIndex)));
    }

    /** True for a real CUDA stream, false for the CPU stand-in. */
    public boolean isCuda() {
        return cuda != null;
    }

    /** The {@code cudaStream_t} as a long (to hand to other CUDA code); 0 for the CPU stand-in. */
    public long handle() {
        return cuda == null ? 0 : cuda.stream().address();
    }

    /** The GPU index, or -1 for the CPU stand-in. */
    public int deviceIndex() {
        return cuda == null ? -1 : cuda.device_index();
    }

    /** True when all work queued so far has finished (always true on the CPU). */
    public boolean isIdle() {
        return cuda == null || cuda.query();
    }

    /** Blocks until all work queued so far has finished. */
    public void synchronize() {
        if (cuda != null) {
            cuda.synchronize();
        }
    }

    /** Records an event after the work queued so far; other streams or the host can wait for it. */
    public ClipEvent record() {
        ClipEvent event = ClipEvent.create(this);
        event.record(this);
        return event;
    }

    /** Makes work queued on this stream from now on wait until {@code event} has happened (the host does not wait). */
    public void waitFor(ClipEvent event) {
        event.block(this);
    }

    /**
     * Makes this the calling thread's current stream until the scope closes: libtorch work the
     * thread starts in between, clip4j's included, is queued here. Close it on the same thread.
     */
    public StreamScope makeCurrent() {
        return new StreamScope(this);
    }

    CUDAStream cuda() {
        return cuda;
    }

    @Override
    public String toString() {
        return cuda == null ? "ClipStream[cpu]" : "ClipStream[cuda:" + cuda.device_index() + " id " + cuda.id() + "]";
    }

    static byte index(Device device) {
        return (byte) Math.max(0, device.index());
    }

    private static void checkCuda() {
        if (!torch.cuda_is_available()) {
            throw new ClipException("CUDA is not available (build with the Maven profile -Pgpu and run where a GPU driver is)");
        }
    }
}
