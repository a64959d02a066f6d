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
            description = "fp32, fp16, bf16, int8 (CPU) or fp8 (GPUs of compute capability 8.9+); comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> dtypes;

    @Option(names = "--batch", defaultValue = "8", split = ",", paramLabel = "N", description = "Batch sizes, comma-separated.")
    List<Integer> batches;

    @Option(names = "--iters", defaultValue = "10", paramLabel = "N", description = "Timed batches per setting.")
    int iters;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N", description = "Untimed batches first.")
    int warmup;

    @Option(names = "--mode", defaultValue = "eager", split = ",", paramLabel = "M",
            description = "eager, graph (CUDA graphs captured per batch size; CUDA only), fused (eager through the native fused "
                    + "kernels), fused-graph; comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> modes;

    @Option(names = "--streams", defaultValue = "1", paramLabel = "K",
            description = "Threads each encoding on their own CUDA stream at once (CUDA only for K > 1).")
    int streams;

    @Option(names = "--model", paramLabel = "DIR", description = "Time this model folder's towers instead of random weights.")
    Path model;

    @Option(names = "--pipeline", paramLabel = "DIR",
            description = "Time files in, embeddings out over the images in DIR (decode, preprocess, encode), "
                    + "against decoding alone; uses --model or the first --arch with random weights.")
    Path pipeline;

    @Option(names = "--decode-threads", paramLabel = "N", description = "Decoding threads for --pipeline (default: cores - 1 on CUDA).")
    Integer decodeThreads;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write results.json, results.md and throughput.png here.")
    Path out;

    @Option(names = "--report-from", paramLabel = "FILE",
            description = "Measure nothing: redraw the report from a results.json (written by --out) into --out.")
    Path reportFrom;

    @Override
    public Integer call() {
        if (iters < 1 || warmup < 0 || batches.stream().anyMatch(b -> b < 1)) {
            throw new ClipException("--iters and --batch must be positive and --warmup not negative");
        }
        if (reportFrom != null) {
            if (out == null) {
                throw new ClipException("--report-from needs --out DIR");
            }
            BenchReport.write(out, BenchReport.read(reportFrom));
            return 0;
        }
        Device target = Devices.open(ClipOptions.defaults().withDevice(device).device()); // fails clearly without CUDA
        if (streams < 1 || (streams > 1 || modes.stream().anyMatch(m -> m.endsWith("graph"))) && !target.is_cuda()) {
            throw new ClipException("--streams above 1 and --mode graph need --device cuda");
        }
        if (pipeline != null) {
            return benchPipeline();
        }
        List<EncoderBenchmark.Result> results = new ArrayList<>();
        for (String name : model != null ? List.of("image", "text") : archs) {
            for (String dtype : dtypes) {
                try (EncoderBenchmark bench = open(name, target, Precision.parse(dtype))) {
                    for (String mode : modes) {
                        for (int batch : batches) {
                            spec.commandLine().getErr().printf("bench %s %s %s batch %d x %d stream(s): %d warm-up + %d timed%n",
                                    name, dtype, mode, batch, streams, warmup, iters);
                            EncoderBenchmark.Result result = bench.measure(batch, warmup, iters, mode, streams);
                            results.add(result);
                            JsonLines.print(spec.commandLine().getOut(), result);
                        }
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

    /** Random weights of an architecture, or one tower ({@code image} or {@code text}) of --model. */
    private EncoderBenchmark open(String name, Device target, Precision precision) {
        precision.requireRunsOn(device);
        if (model == null) {
            return new EncoderBenchmark(Architecture.parse(name), target, precision);
        }
        io.clip4j.internal.Checkpoint checkpoint = io.clip4j.internal.Checkpoint.open(model);
        var config = io.clip4j.internal.ClipWeights.configFor(model, checkpoint);
        var weights = io.clip4j.internal.ClipWeights.load(checkpoint, config, target, precision.scalarType());
        return new EncoderBenchmark(model.getFileName() + " " + name, name.equals("text"), weights, target, precision);
    }

    private int benchPipeline() {
        List<Path> files = ImageInputs.expand(List.of(pipeline));
        Precision precision = Precision.parse(dtypes.get(0));
        ClipOptions options = ClipOptions.defaults().withDevice(device).withPrecision(precision);
        for (int batch : batches) {
            var pipelineOptions = io.clip4j.pipeline.ImageEmbeddingPipeline.Options.forDevice(options.isCuda(), batch);
            if (decodeThreads != null) {
                pipelineOptions = new io.clip4j.pipeline.ImageEmbeddingPipeline.Options(batch, decodeThreads,
                        pipelineOptions.batchesAhead());
            }
            String name = model != null ? model.toString() : archs.get(0) + " (random weights)";
            try (io.clip4j.ClipModel clip = model != null
                    ? io.clip4j.ClipModel.load(model, options.withMaxBatch(Math.max(batch, 1)))
                    : io.clip4j.ClipModel.randomWeights(Architecture.parse(archs.get(0)).config(),
                            options.withMaxBatch(Math.max(batch, 1)), 0)) {
                spec.commandLine().getErr().printf("bench --pipeline: %d images, batch %d, %d decode threads%n",
                        files.size(), batch, pipelineOptions.decodeThreads());
                JsonLines.print(spec.commandLine().getOut(),
                        io.clip4j.bench.PipelineBenchmark.measure(clip, name, files, pipelineOptions));
            }
        }
        return 0;
    }
}
