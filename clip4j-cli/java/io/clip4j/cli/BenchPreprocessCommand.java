package io.clip4j.cli;

import io.clip4j.ClipException;
import io.clip4j.Devices;
import io.clip4j.Precision;
import io.clip4j.bench.Architecture;
import io.clip4j.bench.EncoderBenchmark;
import io.clip4j.image.ImageDecoder;
import io.clip4j.image.PreprocessConfig;
import io.clip4j.image.Preprocessor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch.ScalarType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clip4j bench-preprocess}: decode + preprocess throughput with 1..N threads, and the
 * share of a classify call (decode, preprocess, image encoder) that preprocessing takes.
 */
@Command(name = "bench-preprocess", description = "Time decoding + preprocessing of images with several thread counts; one JSON line per setting.")
final class BenchPreprocessCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--arch", defaultValue = "ViT-B-32", paramLabel = "A",
            description = "Architecture whose image size and encoder (random weights) are used (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--threads", defaultValue = "1,2", split = ",", paramLabel = "N", description = "Thread counts to try.")
    List<Integer> threads;

    @Option(names = "--iters", defaultValue = "5", paramLabel = "N", description = "Passes over the images per setting.")
    int iters;

    @Parameters(arity = "1..*", paramLabel = "IMAGE_OR_DIR")
    List<Path> arguments;

    /** One setting's result. */
    record Result(String arch, int threads, int images, double imagesPerSecond, double encoderImagesPerSecond,
                  double preprocessShareOfClassify) {
    }

    @Override
    public Integer call() throws Exception {
        List<Path> inputs = ImageInputs.expand(arguments);
        if (inputs.isEmpty() || iters < 1 || threads.stream().anyMatch(t -> t < 1)) {
            throw new ClipException("need at least one image, --iters >= 1 and positive --threads");
        }
        Architecture architecture = Architecture.parse(arch);
        Device cpu = Devices.open("cpu");
        Preprocessor preprocessor = new Preprocessor(PreprocessConfig.defaults(architecture.config().vision().imageSize()));
        ImageDecoder decoder = new ImageDecoder();
        double encoderRate = encoderImagesPerSecond(architecture, cpu, Math.min(inputs.size(), 8));
        for (int t : threads) {
            double rate = preprocessImagesPerSecond(inputs, decoder, preprocessor, cpu, t);
            // Per image, a classify call spends 1/rate preprocessing and 1/encoderRate encoding.
            double share = (1 / rate) / (1 / rate + 1 / encoderRate);
            spec.commandLine().getErr().printf("bench-preprocess %d thread(s): %.1f images/s%n", t, rate);
            JsonLines.print(spec.commandLine().getOut(),
                    new Result(architecture.displayName(), t, inputs.size(), rate, encoderRate, share));
        }
        return 0;
    }

    private double preprocessImagesPerSecond(List<Path> inputs, ImageDecoder decoder, Preprocessor preprocessor,
                                             Device cpu, int threadCount) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threadCount);
        try {
            runOnce(inputs, decoder, preprocessor, cpu, pool); // warm-up
            long start = System.nanoTime();
            for (int i = 0; i < iters; i++) {
                runOnce(inputs, decoder, preprocessor, cpu, pool);
            }
            return (double) inputs.size() * iters / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void runOnce(List<Path> inputs, ImageDecoder decoder, Preprocessor preprocessor, Device cpu,
                                ExecutorService pool) throws Exception {
        List<Future<?>> jobs = new ArrayList<>();
        for (Path input : inputs) {
            jobs.add(pool.submit(() -> {
                try (PointerScope scope = new PointerScope()) {
                    Mat image = decoder.decode(input);
                    preprocessor.batch(List.of(image), cpu, ScalarType.Float);
                }
                return null;
            }));
        }
        for (Future<?> job : jobs) {
            job.get();
        }
    }

    private double encoderImagesPerSecond(Architecture architecture, Device cpu, int batch) {
        try (EncoderBenchmark bench = new EncoderBenchmark(architecture, cpu, Precision.FP32)) {
            return bench.measure(batch, 1, iters).itemsPerSecond();
        }
    }
}
