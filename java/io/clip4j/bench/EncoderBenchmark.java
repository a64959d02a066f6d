package io.clip4j.bench;

import io.clip4j.Precision;
import io.clip4j.model.ClipConfig;
import io.clip4j.model.ClipWeights;
import io.clip4j.model.TextTower;
import io.clip4j.model.VisionTower;
import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * Times one tower of a randomly initialised model, and a square GEMM in the same process and
 * precision as the yardstick for what the hardware can do.
 */
public final class EncoderBenchmark {
    /** One measured setting. */
    public record Result(String arch, String device, String dtype, int batch, int iters,
                         double itemsPerSecond, double latencyP50Ms, double latencyP99Ms,
                         double achievedGflops, double gemmGflops, double shareOfGemm,
                         int intraOpThreads, String ompWaitPolicy) {
    }

    private EncoderBenchmark() {
    }

    /** Runs {@code warmup} untimed and {@code iters} timed batches. */
    public static Result run(Architecture arch, Device device, Precision precision, int batch, int warmup, int iters) {
        ClipConfig config = arch.config();
        double gemm = gemmGflops(device, precision, 2048, Math.max(3, iters / 2));
        double[] millis = new double[iters];
        double flopsPerItem;
        try (ClipWeights weights = ClipWeights.random(config, device, precision.scalarType(), 0);
             NoGradGuard noGrad = new NoGradGuard()) {
            Tensor input;
            java.util.function.Function<Tensor, Tensor> forward;
            TensorOptions options = new TensorOptions(device);
            if (arch.timesText()) {
                int tokens = config.text().maxPositions();
                input = torch.randint(1, config.text().vocabSize() - 2, new long[] {batch, tokens},
                        options.dtype(new ScalarTypeOptional(torch.ScalarType.Long)));
                TextTower text = new TextTower(weights);
                forward = text::forward;
                flopsPerItem = FlopCount.textPerSequence(config.text(), tokens, config.projectionDim());
            } else {
                int size = config.vision().imageSize();
                input = torch.randn(new long[] {batch, 3, size, size},
                        options.dtype(new ScalarTypeOptional(precision.scalarType())));
                VisionTower vision = new VisionTower(weights);
                forward = vision::forward;
                flopsPerItem = FlopCount.visionPerImage(config.vision(), config.projectionDim());
            }
            for (int i = 0; i < warmup + iters; i++) {
                long start = System.nanoTime();
                try (PointerScope scope = new PointerScope()) {
                    Tensor out = forward.apply(input);
                    synchronize(device, out);
                }
                if (i >= warmup) {
                    millis[i - warmup] = (System.nanoTime() - start) / 1e6;
                }
            }
            input.close();
        }
        double totalSeconds = Arrays.stream(millis).sum() / 1e3;
        double itemsPerSecond = (double) batch * iters / totalSeconds;
        double gflops = itemsPerSecond * flopsPerItem / 1e9;
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Result(arch.displayName(), device.str().getString(), precision.toString(), batch, iters,
                itemsPerSecond, percentile(sorted, 0.50), percentile(sorted, 0.99), gflops, gemm, gflops / gemm,
                torch.get_num_threads(), String.valueOf(System.getenv("OMP_WAIT_POLICY")));
    }

    /** The rate of an {@code n × n × n} matrix product in this precision on this device. */
    public static double gemmGflops(Device device, Precision precision, int n, int iters) {
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            TensorOptions options = new TensorOptions(device).dtype(new ScalarTypeOptional(precision.scalarType()));
            Tensor a = torch.randn(new long[] {n, n}, options);
            Tensor b = torch.randn(new long[] {n, n}, options);
            synchronize(device, torch.matmul(a, b)); // warm-up
            long start = System.nanoTime();
            for (int i = 0; i < iters; i++) {
                try (PointerScope inner = new PointerScope()) {
                    synchronize(device, torch.matmul(a, b));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return 2.0 * n * n * n * iters / seconds / 1e9;
        }
    }

    private static void synchronize(Device device, Tensor out) {
        if (device.is_cuda()) {
            torch.cuda_synchronize();
        } else {
            out.data_ptr(); // CPU ops are synchronous; touching the result keeps the call honest
        }
    }

    private static double percentile(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
