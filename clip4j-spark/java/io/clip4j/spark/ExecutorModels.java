package io.clip4j.spark;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.ClipOptions;
import io.clip4j.Precision;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkFiles;

/**
 * The models (and zero-shot classifiers) of this JVM: each loaded once, on first use, and shared
 * by every task the executor runs, for the executor's lifetime. Keyed by folder, device and dtype.
 */
final class ExecutorModels {
    private static final Map<String, ClipModel> MODELS = new ConcurrentHashMap<>();
    private static final Map<String, ZeroShotClassifier> CLASSIFIERS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {
    }

    /** The model for {@code options} on {@code device}, loading it if this JVM has not. */
    static ClipModel model(ClipJobOptions options, String device) {
        Path dir = locate(options.model());
        String key = dir + "|" + device + "|" + options.dtype();
        return MODELS.computeIfAbsent(key, k -> {
            LOADS.incrementAndGet();
            return ClipModel.load(dir, ClipOptions.defaults().withDevice(device)
                    .withPrecision(Precision.parse(options.dtype())).withMaxBatch(options.batchSize()));
        });
    }

    /** The classifier of {@code options.labels()} on {@code model} (the prompts embedded once). */
    static ZeroShotClassifier classifier(ClipModel model, List<String> labels) {
        String key = System.identityHashCode(model) + "|" + String.join("\u0000", labels);
        return CLASSIFIERS.computeIfAbsent(key, k -> model.classifier(labels));
    }

    /** How many models this JVM has loaded. */
    static int loads() {
        return LOADS.get();
    }

    /**
     * The model folder: the path itself when this JVM can read it, else the folder of that name
     * that Spark shipped to the executor ({@code --archives}, {@code addFile}).
     */
    static Path locate(String model) {
        Path given = Path.of(model);
        if (Files.isDirectory(given)) {
            return given.toAbsolutePath().normalize();
        }
        String shipped = null;
        try {
            shipped = SparkFiles.get(given.getFileName().toString());
        } catch (RuntimeException e) {
            // no SparkContext in this JVM: only the path itself can be meant
        }
        if (shipped != null && Files.isDirectory(Path.of(shipped))) {
            return Path.of(shipped);
        }
        throw new ClipException("model folder " + model + " is not readable here, nor shipped to this executor"
                + (shipped == null ? "" : " (not at " + shipped + ")") + ": use a path every executor can read, or"
                + " ship the folder with --archives or SparkContext.addFile(dir, true)");
    }
}
