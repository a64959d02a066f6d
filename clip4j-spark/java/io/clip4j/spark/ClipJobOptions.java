package io.clip4j.spark;

import io.clip4j.ClipException;
import java.io.Serializable;
import java.util.List;

/**
 * What a Spark job embeds with; sent to every executor, so it holds only names and numbers.
 *
 * @param model the model folder: a path every executor can read (a shared file system), or the
 *     name of a folder shipped with {@code --archives}/{@code SparkContext.addFile} (found with
 *     {@code SparkFiles.get})
 * @param device {@code auto} (the GPU Spark gave the task, else the CPU), {@code cpu}, {@code cuda}
 *     or {@code cuda:N}
 * @param dtype {@code fp32}, {@code fp16} or {@code bf16}
 * @param batchSize images or texts per encoder call
 * @param labels zero-shot labels to score each image against; empty for none
 * @param topK labels kept per image
 */
public record ClipJobOptions(String model, String device, String dtype, int batchSize, List<String> labels, int topK)
        implements Serializable {
    /** Checks the fields. */
    public ClipJobOptions {
        if (model == null || model.isBlank()) {
            throw new ClipException("model must name a model folder");
        }
        if (batchSize < 1 || topK < 1) {
            throw new ClipException("batchSize and topK must be at least 1, not " + batchSize + " and " + topK);
        }
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** Embeddings only, on the task's GPU or the CPU, fp32, batches of 64. */
    public static ClipJobOptions of(String model) {
        return new ClipJobOptions(model, "auto", "fp32", 64, List.of(), 5);
    }

    /** A copy that also scores {@code labels} zero-shot, keeping the best {@code topK}. */
    public ClipJobOptions withLabels(List<String> newLabels, int newTopK) {
        return new ClipJobOptions(model, device, dtype, batchSize, newLabels, newTopK);
    }

    /** A copy on another device. */
    public ClipJobOptions withDevice(String newDevice) {
        return new ClipJobOptions(model, newDevice, dtype, batchSize, labels, topK);
    }

    /** A copy with another batch size. */
    public ClipJobOptions withBatchSize(int n) {
        return new ClipJobOptions(model, device, dtype, n, labels, topK);
    }
}
