package io.clip4j.cli;

import io.clip4j.ClipException;
import io.clip4j.ClipOptions;
import io.clip4j.Devices;
import io.clip4j.Precision;
import io.clip4j.bench.Architecture;
import io.clip4j.bench.EncoderBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import org.bytedeco.pytorch.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clip4j bench}: encoder throughput with random weights against a same-process GEMM. */
@Command(name = "bench", description = "Time an encoder with random weights of a real architecture; one JSON line per setting.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--arch", defaultValue = "ViT-B-32", split = ",", paramLabel = "A",
            description = "ViT-B-32, ViT-B-16, ViT-L-14 or text-B-32; comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> archs;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "D", description = "cpu, cuda or cuda:N.")
    String device;

    @Option(names = "--dtype", defaultValue = "fp32", paramLabel = "T", description = "fp32, fp16 or bf16.")
    String dtype;

    @Option(names = "--batch", defaultValue = "8", split = ",", paramLabel = "N", description = "Batch sizes, comma-separated.")
    List<Integer> batches;

    @Option(names = "--iters", defaultValue = "10", paramLabel = "N", description = "Timed batches per setting.")
    int iters;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N", description = "Untimed batches first.")
    int warmup;

    @Override
    public Integer call() {
        if (iters < 1 || warmup < 0 || batches.stream().anyMatch(b -> b < 1)) {
            throw new ClipException("--iters and --batch must be positive and --warmup not negative");
        }
        // Validates the device name and fails clearly where CUDA is missing.
        ClipOptions options = ClipOptions.defaults().withDevice(device).withPrecision(Precision.parse(dtype));
        Device target = Devices.open(options.device());
        for (String name : archs) {
            Architecture arch = Architecture.parse(name);
            for (int batch : batches) {
                spec.commandLine().getErr().printf("bench %s batch %d: %d warm-up + %d timed%n",
                        arch.displayName(), batch, warmup, iters);
                JsonLines.print(spec.commandLine().getOut(),
                        EncoderBenchmark.run(arch, target, options.precision(), batch, warmup, iters));
            }
        }
        return 0;
    }
}
