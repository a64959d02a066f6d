package io.clip4j.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * CLIP on Spark {@code Dataset<Row>}s: image embeddings (and zero-shot labels) of files, text
 * embeddings of a string column. Each executor loads the model once and shares it between its
 * tasks; a task that Spark gave a GPU encodes on that GPU. A row that cannot be embedded gets a
 * null {@code embedding} and an {@code error}: one bad file never fails the job.
 *
 * <pre>{@code
 * Dataset<Row> files = ClipSpark.readFiles(spark, "s3a://bucket/photos/");
 * Dataset<Row> out = ClipSpark.embedImages(files, ClipJobOptions.of("/models/clip-vit-b32"));
 * out.write().parquet("s3a://bucket/photos-embeddings/");
 * }</pre>
 */
public final class ClipSpark {
    private ClipSpark() {
    }

    /**
     * Every file under {@code input} (a folder, walked recursively, or a glob), through Spark's
     * {@code binaryFile} source, so any file system Spark reads works (S3, HDFS, GCS, local).
     *
     * @return rows of path, modificationTime, length and content
     */
    public static Dataset<Row> readFiles(SparkSession spark, String input) {
        return spark.read().format("binaryFile").option("recursiveFileLookup", !input.contains("*")).load(input);
    }

    /**
     * Embeds every file under {@code input} (a folder, walked recursively, or a glob): one output
     * row per file, as {@link #embedImages}. Spark's file sources skip empty files; they are listed
     * here and come out as error rows, so the output has a row for every input file.
     */
    public static Dataset<Row> embedImageFiles(SparkSession spark, String input, ClipJobOptions options) {
        Dataset<Row> embedded = embedImages(readFiles(spark, input), options);
        List<Row> empty = new ArrayList<>();
        for (String file : EmptyFiles.under(spark, input)) {
            String path = ImageRows.pathOf(file);
            Object[] values = new Object[embedded.schema().size()];
            values[0] = path;
            values[2] = 0L;
            values[values.length - 1] = path + " is empty (0 bytes)";
            empty.add(RowFactory.create(values));
        }
        return empty.isEmpty() ? embedded : embedded.union(spark.createDataFrame(empty, embedded.schema()));
    }

    /**
     * Embeds images: one output row per input row, with the columns path, sha256, size,
     * modified (ms), embedding ({@code array<float>}, unit length), labels (when
     * {@code options.labels()} is not empty: {@code array<struct<label, score, cosine>>}, best first) and error.
     *
     * @param files rows with {@code binaryFile}'s columns (see {@link #readFiles})
     */
    public static Dataset<Row> embedImages(Dataset<Row> files, ClipJobOptions options) {
        StructType schema = ImageRows.schema(!options.labels().isEmpty());
        return files.mapPartitions(new EmbedImagePartition(options), Encoders.row(schema));
    }

    /**
     * Embeds the texts of {@code column}: the input rows with {@code embedding} and {@code error}
     * appended (a null or blank text gets an error).
     */
    public static Dataset<Row> embedTexts(Dataset<Row> input, String column, ClipJobOptions options) {
        StructType schema = input.schema()
                .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true)
                .add("error", DataTypes.StringType, true);
        return input.mapPartitions(new EmbedTextPartition(options, column), Encoders.row(schema));
    }

    /** How many models this JVM's executor code has loaded (for tests and monitoring). */
    public static int modelsLoadedInThisJvm() {
        return ExecutorModels.loads();
    }
}
