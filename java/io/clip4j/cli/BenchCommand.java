package io.clip4j.cli;

import io.clip4j.ClipException;
import io.clip4j.ClipOptions;
import io.clip4j.Devices;
import io.clip4j.Precision;
import io.clip4j.bench.Architecture;
import io.clip4j.bench.BenchReport;
import io.clip4j.bench.EncoderBenchmark;
import java.nio.file.Path;
import java.util.ArrayList;
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

    @Option(names = "--dtype", defaultValue = "fp32", split = ",", paramLabel = "T",
            description = "fp32, fp16 or bf16; comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> dtypes;

    @Option(names = "--batch", defaultValue = "8", split = ",", paramLabel = "N", description = "Batch sizes, comma-separated.")
    List<Integer> batches;

    @Option(names = "--iters", defaultValue = "10", paramLabel = "N", description = "Timed batches per setting.")
    int iters;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N", description = "Untimed batches first.")
    int warmup;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write results.json, results.md and throughput.png here.")
    Path out;

    @Override
    public Integer call() {
        if (iters < 1 || warmup < 0 || batches.stream().anyMatch(b -> b < 1)) {
            throw new ClipException("--iters and --batch must be positive and --warmup not negative");
        }
        Device target = Devices.open(ClipOptions.defaults().withDevice(device).device()); // fails clearly without CUDA
        List<EncoderBenchmark.Result> results = new ArrayList<>();
        for (String name : archs) {
            Architecture arch = Architecture.parse(name);
            for (String dtype : dtypes) {
                try (EncoderBenchmark bench = new EncoderBenchmark(arch, target, Precision.parse(dtype))) {
                    for (int batch : batches) {
                        spec.commandLine().getErr().printf("bench %s %s batch %d: %d warm-up + %d timed%n",
                                arch.displayName(), dtype, batch, warmup, iters);
                        EncoderBenchmark.Result result = bench.measure(batch, warmup, iters);
                        results.add(result);
                        JsonLines.print(spec.commandLine().getOut(), result);
                    }
                }
            }
        }
        if (out != null) {
            BenchReport.write(out, results);
            spec.commandLine().getErr().println("bench: wrote " + out.resolve("results.json") + ", results.md, throughput.png");
        }
        return 0;
    }
}
