package io.clip4j.bench;

import io.clip4j.Precision;
import io.clip4j.model.ClipConfig;
import io.clip4j.model.ClipWeights;
import io.clip4j.model.TextTower;
import io.clip4j.model.VisionTower;
import java.util.Arrays;
import java.util.function.Function;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * Times one tower of a randomly initialised model at several batch sizes, each against a square
 * GEMM measured right after it in the same process and precision, the yardstick of what the
 * hardware can do. The weights are made once per benchmark; close it to free them.
 */
public final class EncoderBenchmark implements AutoCloseable {
    /** One measured setting. */
    public record Result(String arch, String device, String dtype, int batch, int iters,
                         double itemsPerSecond, double latencyP50Ms, double latencyP99Ms,
                         double achievedGflops, double gemmGflops, double shareOfGemm,
                         int intraOpThreads, String ompWaitPolicy) {
    }

    private final Architecture arch;
    private final Device device;
    private final Precision precision;
    private final ClipWeights weights;
    private final double flopsPerItem;
    private final Function<Tensor, Tensor> forward;

    /** Makes the weights and measures the reference GEMM. */
    public EncoderBenchmark(Architecture arch, Device device, Precision precision) {
        this.arch = arch;
        this.device = device;
        this.precision = precision;
        ClipConfig config = arch.config();
        this.weights = ClipWeights.random(config, device, precision.scalarType(), 0);
        if (arch.timesText()) {
            this.forward = new TextTower(weights)::forward;
            this.flopsPerItem = FlopCount.textPerSequence(config.text(), config.text().maxPositions(), config.projectionDim());
        } else {
            this.forward = new VisionTower(weights)::forward;
            this.flopsPerItem = FlopCount.visionPerImage(config.vision(), config.projectionDim());
        }
    }

    /**
     * Runs {@code warmup} untimed and {@code iters} timed batches of {@code batch} items, then
     * the reference GEMM, so that the ratio compares two measurements taken moments apart.
     */
    public Result measure(int batch, int warmup, int iters) {
        double[] millis = new double[iters];
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            Tensor input = input(batch);
            for (int i = 0; i < warmup + iters; i++) {
                long start = System.nanoTime();
                try (PointerScope inner = new PointerScope()) {
                    synchronize(forward.apply(input));
                }
                if (i >= warmup) {
                    millis[i - warmup] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        double gemmGflops = gemmGflops(device, precision, 2048, 5);
        double itemsPerSecond = (double) batch * iters / (Arrays.stream(millis).sum() / 1e3);
        double gflops = itemsPerSecond * flopsPerItem / 1e9;
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Result(arch.displayName(), device.str().getString(), precision.toString(), batch, iters,
                itemsPerSecond, percentile(sorted, 0.50), percentile(sorted, 0.99), gflops, gemmGflops,
                gflops / gemmGflops, torch.get_num_threads(), String.valueOf(System.getenv("OMP_WAIT_POLICY")));
    }

    /** Random token ids or pixels for one batch. */
    private Tensor input(int batch) {
        TensorOptions options = new TensorOptions(device);
        ClipConfig config = arch.config();
        if (arch.timesText()) {
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
