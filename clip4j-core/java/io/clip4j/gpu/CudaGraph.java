package io.clip4j.gpu;

import io.clip4j.internal.PastScope;

import io.clip4j.ClipException;
import java.util.function.UnaryOperator;
import org.bytedeco.cuda.cudart.CUgraphExec_st;
import org.bytedeco.cuda.cudart.CUgraph_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.cuda.StreamFilter;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * One forward pass for one input shape, captured once as a CUDA graph and then replayed with a
 * single launch. A small batch through a transformer is a few hundred short kernels, and
 * launching them one by one from the host costs more than running them; a replay launches the
 * whole recorded sequence at once.
 *
 * <p>How it stays correct: the capture runs on a pool stream after a few warm-up passes there
 * (cuBLAS and cuDNN set themselves up outside the capture); every allocation made during the
 * capture comes from a private libtorch memory pool ({@code beginAllocateToPool}), so no tensor
 * made later can be placed where the graph writes; the input and output are fixed tensors; a
 * replay copies the caller's input in and a copy of the output out, on the caller's current
 * stream, and the next replay (from any stream) waits for that copy.
 */
public final class CudaGraph implements AutoCloseable {
    private final Device device;
    private final Tensor staticInput;
    private final Tensor staticOutput;
    private final PrivatePool pool;
    private final CUgraph_st graph;
    private final CUgraphExec_st exec;
    private final ClipEvent lastUse;
    private boolean closed;

    private CudaGraph(Device device, Tensor staticInput, Tensor staticOutput, PrivatePool pool, CUgraph_st graph,
                      CUgraphExec_st exec, ClipEvent lastUse) {
        this.device = device;
        this.staticInput = staticInput;
        this.staticOutput = staticOutput;
        this.pool = pool;
        this.graph = graph;
        this.exec = exec;
        this.lastUse = lastUse;
    }

    /**
     * Captures {@code forward} for inputs of {@code shape} and {@code dtype} on a CUDA device.
     *
     * @param warmups eager passes on the capture stream first (at least 1; 3 is plenty)
     * @throws ClipException when the device is not CUDA or the capture fails
     */
    public static CudaGraph capture(UnaryOperator<Tensor> forward, Device device, long[] shape, ScalarType dtype,
                                    int warmups) {
        if (!device.is_cuda()) {
            throw new ClipException("CUDA graphs need a CUDA device, not " + device.str().getString());
        }
        byte index = ClipStream.index(device);
        ClipStream stream = ClipStream.fromPool(device, false);
        Tensor input;
        try (PointerScope keep = new PointerScope()) {
            input = org.bytedeco.pytorch.global.torch.zeros(shape, new TensorOptions(device).dtype(new ScalarTypeOptional(dtype)));
            input.retainReference();
        }
        try (StreamScope on = stream.makeCurrent(); NoGradGuard noGrad = new NoGradGuard()) {
            for (int i = 0; i < Math.max(1, warmups); i++) {
                try (PointerScope scope = new PointerScope()) {
                    forward.apply(input);
                }
            }
            stream.synchronize();
            PrivatePool pool = PrivatePool.create();
            long captureHandle = stream.handle();
            StreamFilter onlyCaptureStream = new StreamFilter() {
                @Override
                public boolean call(Pointer s) {
                    return s != null && s.address() == captureHandle;
                }
            };
            CUgraph_st graph = PastScope.keep(new CUgraph_st());
            Tensor output;
            pool.beginAllocating(index, onlyCaptureStream);
            try {
                check(cudart.cudaStreamBeginCapture(stream.cuda().stream(), cudart.cudaStreamCaptureModeThreadLocal),
                        "cudaStreamBeginCapture");
                try (PointerScope scope = new PointerScope()) {
                    output = forward.apply(input);
                    output.retainReference();
                } finally {
                    check(cudart.cudaStreamEndCapture(stream.cuda().stream(), graph), "cudaStreamEndCapture");
                }
            } finally {
                pool.endAllocating(index);
                java.lang.ref.Reference.reachabilityFence(onlyCaptureStream); // the allocator called it until here
            }
            CUgraphExec_st exec = PastScope.keep(new CUgraphExec_st());
            check(cudart.cudaGraphInstantiate(exec, graph, 0L), "cudaGraphInstantiate");
            ClipEvent lastUse = ClipEvent.create(stream);
            lastUse.record(stream);
            return new CudaGraph(device, input, output, pool, graph, exec, lastUse);
        }
    }

    /**
     * Runs the graph on {@code input} (same shape; any device or dtype, converted on the way in)
     * and returns a new tensor holding the output, queued on the caller's current stream.
     */
    public synchronized Tensor run(Tensor input) {
        if (closed) {
            throw new IllegalStateException("CUDA graph already closed");
        }
        ClipStream current = ClipStream.current(device);
        lastUse.block(current); // the previous replay's copy-out, maybe on another stream, comes first
        staticInput.copy_(input);
        check(cudart.cudaGraphLaunch(exec, current.cuda().stream()), "cudaGraphLaunch");
        Tensor out = staticOutput.clone();
        lastUse.record(current);
        return out;
    }

    /** The input shape the graph was captured for. */
    public long[] inputShape() {
        return io.clip4j.internal.Tensors.shape(staticInput);
    }

    /** Frees the graph, its fixed tensors and its private memory pool. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        lastUse.synchronize();
        cudart.cudaGraphExecDestroy(exec);
        cudart.cudaGraphDestroy(graph);
        staticInput.close();
        staticOutput.close();
        lastUse.close();
        pool.release(ClipStream.index(device));
    }

    private static void check(int status, String call) {
        if (status != 0) {
            throw new ClipException(call + " failed: CUDA error " + status + " ("
                    + cudart.cudaGetErrorString(status).getString() + ")");
        }
    }
}
