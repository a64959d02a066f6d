package io.clip4j.cli;

import io.clip4j.spark.ClipJobOptions;
import io.clip4j.spark.SparkEmbedJob;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clip4j spark-embed}: {@link SparkEmbedJob} in this JVM (Spark's local mode by default),
 * for users without a cluster; the same job {@code spark-submit} runs on one.
 */
@Command(name = "spark-embed", description = {
    "Embed every file under INPUT with Spark (local mode here; the same job runs on a cluster with spark-submit)",
    "and write one row per file (path, sha256, size, modified, embedding, labels, error) as Parquet or JSON lines;",
    "prints a JSON summary line. index build --embeddings OUTPUT indexes the result without re-encoding."})
final class SparkEmbedCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL",
            description = "Spark master: local, local[N] or local[*] (default: ${DEFAULT-VALUE}, every core of this machine); "
                    + "for a cluster, submit the job jar with spark-submit.")
    String master;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
    String model;

    @Option(names = "--input", required = true, paramLabel = "DIR_OR_GLOB", description = "Files to embed (folders are walked).")
    String input;

    @Option(names = "--output", required = true, paramLabel = "OUT_DIR", description = "Output folder (replaced).")
    String output;

    @Option(names = "--format", defaultValue = "parquet", paramLabel = "F", description = "parquet or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--labels", split = ",", paramLabel = "L1,L2", description = "Zero-shot labels to score each image against.")
    List<String> labels;

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K", description = "Labels kept per image (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "D",
            description = "auto (the task's GPU, else the CPU), cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--dtype", defaultValue = "fp32", paramLabel = "T", description = "fp32, fp16, bf16, or int8 (CPU inference) (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "Images per encoder call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() {
        SparkEmbedJob.Spec job = new SparkEmbedJob.Spec(input, output, format,
                new ClipJobOptions(model, device, dtype, batchSize, labels, topK));
        SparkSession spark = LocalSpark.start(master);
        try {
            SparkEmbedJob.Summary s = SparkEmbedJob.run(spark, job);
            JsonLines.print(spec.commandLine().getOut(), JsonLines.object().put("output", output).put("rows", s.rows())
                    .put("errors", s.errors()).put("seconds", Math.round(s.seconds() * 100) / 100.0));
        } finally {
            spark.stop();
        }
        return 0;
    }
}
