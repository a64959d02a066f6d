package io.clip4j.bench;

import io.clip4j.ClipException;
import io.clip4j.Precision;
import io.clip4j.gpu.ClipStream;
import io.clip4j.gpu.CudaGraph;
import io.clip4j.gpu.StreamScope;
import io.clip4j.model.ClipConfig;
import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.FusedKernels;
import io.clip4j.internal.LinearWeights;
import io.clip4j.internal.TextTower;
import io.clip4j.internal.VisionTower;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * Times one tower of a model at several batch sizes, each against a square GEMM measured right
 * after it in the same process and precision, the yardstick of what the hardware can do. The
 * weights are made (or loaded) once per benchmark; close it to free them.
 *
 * <p>Modes: {@code eager} runs the tower op by op; {@code graph} (CUDA only) captures it once
 * per batch size as a CUDA graph and replays it; {@code fused} and {@code fused-graph} do the
 * same through clip4j's native fused kernels ({@link FusedKernels}). With {@code streams > 1} that many threads
 * each run the tower on their own pool stream at once, and throughput counts them all.
 */
public final class EncoderBenchmark implements AutoCloseable {
    /** One measured setting. */
    public record Result(String arch, String device, String dtype, String mode, int streams, int batch, int iters,
                         double itemsPerSecond, double latencyP50Ms, double latencyP99Ms,
                         double achievedGflops, double gemmGflops, double shareOfGemm, double peakDeviceMemoryMb,
                         int intraOpThreads, String ompWaitPolicy) {
    }

    private final String name;
    private final boolean text;
    private final ClipConfig config;
    private final Device device;
    private final Precision precision;
    private final ClipWeights weights;
    private final double flopsPerItem;
    private final UnaryOperator<Tensor> forward;
    private final UnaryOperator<Tensor> fusedForward;

    /** Random weights of a real architecture; measures nothing yet. */
    public EncoderBenchmark(Architecture arch, Device device, Precision precision) {
        this(arch.displayName(), arch.timesText(),
                ClipWeights.random(arch.config(), device, precision.scalarType(), 0), device, precision);
    }

    /** Weights loaded by the caller (e.g. from a model folder); the benchmark owns and frees them. */
    public EncoderBenchmark(String name, boolean text, ClipWeights weights, Device device, Precision precision) {
        this.name = name;
        this.text = text;
        this.config = weights.config();
        this.device = device;
        this.precision = precision;
        this.weights = weights;
        LinearWeights linears = LinearWeights.of(precision, text);
        if (text) {
            this.forward = new TextTower(weights, linears, false)::forward;
            this.fusedForward = new TextTower(weights, linears, true)::forward;
            this.flopsPerItem = FlopCount.textPerSequence(config.text(), config.text().maxPositions(), config.projectionDim());
        } else {
            this.forward = new VisionTower(weights, linears, false)::forward;
            this.fusedForward = new VisionTower(weights, linears, true)::forward;
            this.flopsPerItem = FlopCount.visionPerImage(config.vision(), config.projectionDim());
        }
    }

    /** Eager, one stream: see {@link #measure(int, int, int, String, int)}. */
    public Result measure(int batch, int warmup, int iters) {
        return measure(batch, warmup, iters, "eager", 1);
    }

    /**
     * Runs {@code warmup} untimed and {@code iters} timed batches of {@code batch} items per
     * stream, then the reference GEMM, so that the ratio compares two measurements moments apart.
     */
    public Result measure(int batch, int warmup, int iters, String mode, int streams) {
        if (!List.of("eager", "graph", "fused", "fused-graph").contains(mode)) {
            throw new IllegalArgumentException("mode must be eager, graph, fused or fused-graph, not " + mode);
        }
        boolean graph = mode.endsWith("graph");
        boolean fused = mode.startsWith("fused");
        if ((graph || streams > 1) && !device.is_cuda()) {
            throw new IllegalArgumentException("mode graph and streams > 1 need a CUDA device");
        }
        if (fused && !FusedKernels.supports(precision.scalarType(), device.is_cuda())) {
            throw new ClipException("mode " + mode + " needs the native fused kernels for " + precision + " on "
                    + device.str().getString() + (FusedKernels.available() ? " (they take fp32 and int8 on the CPU, fp32 and bf16 on a GPU)"
                            : " (this build has none: built without CMake)"));
        }
        UnaryOperator<Tensor> tower = fused ? fusedForward : forward;
        byte index = (byte) Math.max(0, device.index());
        if (device.is_cuda()) {
            torch.cuda_synchronize();
            torch.resetPeakStats(index);
        }
        double[][] millis = new double[streams][];
        long start = System.nanoTime();
        if (streams == 1) {
            millis[0] = timeOneStream(tower, batch, warmup, iters, graph, ClipStream.current(device));
        } else {
            millis = timeStreams(tower, batch, warmup, iters, graph, streams);
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        double peakMb = device.is_cuda() ? torch.getDeviceStats(index).allocated_bytes().peak() / 1e6 : Double.NaN;
        double gemmGflops = gemmGflops(device, precision, device.is_cuda() ? 8192 : 2048, 5);
        double[] all = Arrays.stream(millis).flatMapToDouble(Arrays::stream).sorted().toArray();
        double timedSeconds = streams == 1 ? Arrays.stream(millis[0]).sum() / 1e3 : wallSeconds;
        double itemsPerSecond = (double) batch * iters * streams / timedSeconds;
        double gflops = itemsPerSecond * flopsPerItem / 1e9;
        return new Result(name, device.str().getString(), precision.toString(), mode, streams, batch, iters,
                itemsPerSecond, percentile(all, 0.50), percentile(all, 0.99), gflops, gemmGflops,
                gflops / gemmGflops, peakMb, torch.get_num_threads(), String.valueOf(System.getenv("OMP_WAIT_POLICY")));
    }

    /** Per-batch milliseconds of the timed iterations on {@code stream}, waiting for each batch. */
    private double[] timeOneStream(UnaryOperator<Tensor> forward, int batch, int warmup, int iters, boolean graph,
                                   ClipStream stream) {
        double[] millis = new double[iters];
        try (StreamScope on = stream.makeCurrent(); NoGradGuard noGrad = new NoGradGuard();
             PointerScope scope = new PointerScope()) {
            Tensor input = input(batch);
            CudaGraph captured = graph ? CudaGraph.capture(forward, device, io.clip4j.internal.Tensors.shape(input),
                    input.scalar_type().intern(), 3) : null;
            try {
                for (int i = 0; i < warmup + iters; i++) {
                    long start = System.nanoTime();
                    try (PointerScope inner = new PointerScope()) {
                        Tensor out = captured != null ? captured.run(input) : forward.apply(input);
                        if (out.is_cuda()) {
                            stream.synchronize();
                        }
                    }
                    if (i >= warmup) {
                        millis[i - warmup] = (System.nanoTime() - start) / 1e6;
                    }
                }
            } finally {
                if (captured != null) {
                    captured.close();
                }
            }
        }
        return millis;
    }

    private double[][] timeStreams(UnaryOperator<Tensor> forward, int batch, int warmup, int iters, boolean graph,
                                   int streams) {
        ExecutorService threads = Executors.newFixedThreadPool(streams);
        try {
            List<Future<double[]>> runs = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                Callable<double[]> run = () -> timeOneStream(forward, batch, warmup, iters, graph, ClipStream.fromPool(device, false));
                runs.add(threads.submit(run));
            }
            double[][] millis = new double[streams][];
            for (int s = 0; s < streams; s++) {
                millis[s] = runs.get(s).get();
            }
            return millis;
        } catch (Exception e) {
            throw new IllegalStateException("stream benchmark failed: " + e.getMessage(), e);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Random token ids or pixels for one batch. */
    private Tensor input(int batch) {
        TensorOptions options = new TensorOptions(device);
        if (text) {
            return torch.randint(1, config.text().vocabSize() - 2, new long[] {batch, config.text().maxPositions()},
                    options.dtype(new ScalarTypeOptional(torch.ScalarType.Long)));
        }
        int size = config.vision().imageSize();
        return torch.randn(new long[] {batch, 3, size, size}, options.dtype(new ScalarTypeOptional(precision.scalarType())));
    }

    /** The rate of an {@code n × n × n} matrix product in this precision on this device. */
    public static double gemmGflops(Device device, Precision precision, int n, int iters) {
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            TensorOptions options = new TensorOptions(device).dtype(new ScalarTypeOptional(precision.scalarType()));
            Tensor a = torch.randn(new long[] {n, n}, options);
            Tensor b = torch.randn(new long[] {n, n}, options);
            synchronize(torch.matmul(a, b)); // warm-up
            long start = System.nanoTime();
            for (int i = 0; i < iters; i++) {
                try (PointerScope inner = new PointerScope()) {
                    synchronize(torch.matmul(a, b));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return 2.0 * n * n * n * iters / seconds / 1e9;
        }
    }

    private static void synchronize(Tensor out) {
        if (out.is_cuda()) {
            torch.cuda_synchronize();
        }
        // CPU ops return when done.
    }

    private static double percentile(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Frees the weights. */
    @Override
    public void close() {
        weights.close();
    }
}
