package io.clip4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.index.ModelIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The job to submit: embeds every file under an input and writes one row per file (path,
 * sha256, size, modified, embedding, optional labels, error) as Parquet or JSON lines, plus
 * {@value #MODEL_FILE} naming the model, so that {@code index build --embeddings} can check it.
 *
 * <pre>
 * spark-submit --class io.clip4j.spark.SparkEmbedJob clip4j-spark.jar \
 *     --input s3a://bucket/photos/ --output s3a://bucket/photos-embeddings/ --model /models/clip [--labels cat,dog]
 * </pre>
 */
public final class SparkEmbedJob {
    /** The model record written beside the output (Spark's readers skip files starting with '_'). */
    public static final String MODEL_FILE = "_clip4j_model.json";

    /**
     * @param input a folder (walked recursively) or a glob, on any file system Spark reads
     * @param output the output folder (replaced)
     * @param format {@code parquet} or {@code json}
     * @param options model, device, batch, labels
     */
    public record Spec(String input, String output, String format, ClipJobOptions options) {
        /** Checks the format, and that writing the output cannot delete the input. */
        public Spec {
            if (!format.equals("parquet") && !format.equals("json")) {
                throw new ClipException("format must be parquet or json, not '" + format + "'");
            }
            JobLocations.requireApart(input, output);
            JobLocations.requireNoLinkLoops(input);
        }
    }

    /** What a run wrote. */
    public record Summary(long rows, long errors, double seconds) {
    }

    private SparkEmbedJob() {
    }

    /** Runs the job on {@code spark}. */
    public static Summary run(SparkSession spark, Spec spec) {
        long start = System.nanoTime();
        ModelIdentity identity;
        try (ClipModel model = ClipModel.load(ExecutorModels.locate(spec.options().model()))) { // fails fast, on the driver
            identity = ModelIdentity.of(model);
        }
        // counted as the rows are written (Spark's Observation), not by reading the output again
        Observation counts = new Observation("clip4j_counts");
        Dataset<Row> out = ClipSpark.embedImageFiles(spark, spec.input(), spec.options())
                .observe(counts, functions.count(functions.lit(1)).as("rows"), functions.count(functions.col("error")).as("errors"));
        if (spec.format().equals("parquet")) {
            out.write().mode(SaveMode.Overwrite).parquet(spec.output());
        } else {
            out.write().mode(SaveMode.Overwrite).json(spec.output());
        }
        writeModel(spark, spec.output(), identity);
        java.util.Map<String, Object> observed;
        try {
            observed = counts.getAsJava();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClipException("interrupted while the job's counts were collected", e);
        }
        return new Summary(((Number) observed.get("rows")).longValue(), ((Number) observed.get("errors")).longValue(),
                (System.nanoTime() - start) / 1e9);
    }

    /** The model identity a job wrote beside its output. */
    public static ModelIdentity readModel(SparkSession spark, String output) {
        Path file = new Path(output, MODEL_FILE);
        try {
            FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(file)) {
                throw new ClipException(output + ": has no " + MODEL_FILE + "; is it the output of spark-embed?");
            }
            byte[] bytes;
            try (var in = fs.open(file)) {
                bytes = in.readAllBytes();
            }
            var json = new ObjectMapper().readTree(bytes);
            return new ModelIdentity(json.path("name").asText(), json.path("directory").asText(),
                    json.path("fingerprint").asText(), json.path("dim").asInt());
        } catch (IOException e) {
            throw new ClipException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static void writeModel(SparkSession spark, String output, ModelIdentity identity) {
        ObjectNode json = new ObjectMapper().createObjectNode().put("name", identity.name())
                .put("directory", identity.directory()).put("fingerprint", identity.fingerprint()).put("dim", identity.dim());
        Path file = new Path(output, MODEL_FILE);
        try {
            FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (OutputStream out = fs.create(file, true)) {
                out.write(json.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new ClipException(file + ": cannot be written: " + e.getMessage(), e);
        }
    }

    /**
     * {@code spark-submit} entry: {@code --input IN --output OUT --model DIR [--format parquet|json]
     * [--device auto|cpu|cuda] [--dtype fp32] [--batch-size 64] [--labels a,b,c] [--top-k 5]}.
     * Prints a JSON summary line; a mistake prints one line on stderr and exits 2.
     */
    public static void main(String[] args) {
        Spec spec;
        try {
            spec = parse(args);
        } catch (ClipException e) {
            System.err.println("clip4j spark: " + e.getMessage());
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("clip4j-embed").getOrCreate();
        try {
            Summary s = run(spark, spec);
            System.out.println("{\"output\":\"" + spec.output() + "\",\"rows\":" + s.rows() + ",\"errors\":" + s.errors()
                    + ",\"seconds\":" + Math.round(s.seconds() * 100) / 100.0 + "}");
        } finally {
            spark.stop();
        }
    }

    static Spec parse(String[] args) {
        String input = null;
        String output = null;
        String model = null;
        String format = "parquet";
        String device = "auto";
        String dtype = "fp32";
        int batch = 64;
        int topK = 5;
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new ClipException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--input" -> input = value;
                case "--output" -> output = value;
                case "--model" -> model = value;
                case "--format" -> format = value.toLowerCase(Locale.ROOT);
                case "--device" -> device = value;
                case "--dtype" -> dtype = value;
                case "--batch-size" -> batch = integer(flag, value);
                case "--top-k" -> topK = integer(flag, value);
                case "--labels" -> labels = List.of(value.split(","));
                default -> throw new ClipException("unknown option " + flag);
            }
        }
        if (input == null || output == null || model == null) {
            throw new ClipException("--input, --output and --model are required");
        }
        return new Spec(input, output, format, new ClipJobOptions(model, device, dtype, batch, labels, topK));
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ClipException(flag + " must be an integer, not '" + value + "'");
        }
    }
}
