package io.clip4j.spark;

import io.clip4j.index.BuildReport;
import io.clip4j.index.IndexedFile;
import io.clip4j.index.ModelIdentity;
import io.clip4j.index.VectorStoreWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Puts a {@link SparkEmbedJob}'s output into an index without encoding anything again: rows
 * whose file the index holds with the same hash are unchanged, the others are added or
 * replaced; error rows are counted as failures. Files the index holds that the output lacks are
 * left alone (an output may cover part of a collection).
 */
public final class EmbeddingsImport {
    private EmbeddingsImport() {
    }

    /**
     * @param output the job's output folder (Parquet or JSON lines, with its model record)
     * @param writer the index to fill (its model must be the job's)
     * @param commitEvery rows between commits
     */
    public static BuildReport into(SparkSession spark, String output, VectorStoreWriter writer, int commitEvery) {
        long start = System.nanoTime();
        ModelIdentity model = SparkEmbedJob.readModel(spark, output);
        writer.metadata().requireModel(writer.location(), model);
        Dataset<Row> rows = read(spark, output).select("path", "sha256", "size", "modified", "embedding", "error");
        Map<String, IndexedFile> known = writer.files();
        int added = 0;
        int updated = 0;
        int unchanged = 0;
        int failed = 0;
        int uncommitted = 0;
        for (Iterator<Row> it = rows.toLocalIterator(); it.hasNext(); ) {
            Row row = it.next();
            if (!row.isNullAt(5) || row.isNullAt(4)) {
                failed++;
                continue;
            }
            IndexedFile file = new IndexedFile(row.getString(0), row.getString(1), row.getLong(2), row.getLong(3));
            IndexedFile before = known.get(file.path());
            if (before != null && before.sha256().equals(file.sha256())) {
                unchanged++;
                continue;
            }
            List<Number> values = row.getList(4);
            float[] vector = new float[values.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = values.get(i).floatValue();
            }
            writer.put(file, vector);
            if (before == null) {
                added++;
            } else {
                updated++;
            }
            if (++uncommitted >= commitEvery) {
                writer.commit();
                uncommitted = 0;
            }
        }
        writer.commit();
        return new BuildReport(added, updated, unchanged, 0, failed, writer.documentCount(),
                (System.nanoTime() - start) / 1e9);
    }

    /** Parquet when the folder holds Parquet parts, else JSON lines. */
    private static Dataset<Row> read(SparkSession spark, String output) {
        org.apache.hadoop.fs.Path parts = new org.apache.hadoop.fs.Path(output, "*.parquet");
        try {
            var found = parts.getFileSystem(spark.sparkContext().hadoopConfiguration()).globStatus(parts);
            return found != null && found.length > 0 ? spark.read().parquet(output) : spark.read().json(output);
        } catch (java.io.IOException e) {
            throw new io.clip4j.ClipException(output + ": cannot be listed: " + e.getMessage(), e);
        }
    }
}
