package io.clip4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.zeroshot.Classification;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark API in local mode ({@code local[2]}) against the single-process engine: the same
 * embeddings and labels per path, error rows for files that are not images, one model per JVM.
 */
class ClipSparkTest {
    private static final List<String> LABELS = List.of("a cat", "a rocket", "a cup of coffee", "a gradient");
    private static SparkSession spark;
    private static ClipModel clip;

    @TempDir
    static Path tmp;

    static Path images;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSessions.local(2);
        clip = ClipModel.load(Fixtures.TINY_CLIP);
        images = SparkSessions.fixtureImagesIn(tmp.resolve("images"));
        Files.write(images.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        Files.write(images.resolve("empty.png"), new byte[0]);
        Files.writeString(images.resolve("notes.txt"), "not an image");
    }

    @AfterAll
    static void stop() {
        clip.close();
        spark.stop();
    }

    private static Map<String, Row> byPath(Dataset<Row> rows) {
        Map<String, Row> out = new HashMap<>();
        for (Row r : rows.collectAsList()) {
            out.put(r.getString(r.fieldIndex("path")), r);
        }
        return out;
    }

    private static float[] floats(Row row, String column) {
        List<Float> list = row.getList(row.fieldIndex(column));
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    @Test
    void imageEmbeddingsAndLabelsEqualTheSingleProcessEngineAndBadFilesBecomeErrorRows() throws IOException {
        Dataset<Row> out = ClipSpark.embedImageFiles(spark, images.toString(), ClipJobOptions.of(Fixtures.TINY_CLIP.toString())
                .withDevice("cpu").withBatchSize(3).withLabels(LABELS, 2));
        Map<String, Row> rows = byPath(out);
        long inputs;
        try (Stream<Path> list = Files.list(images)) {
            inputs = list.count();
        }
        assertEquals(inputs, rows.size(), "one output row per input file: " + rows.keySet());
        for (String bad : List.of("broken.jpg", "empty.png", "notes.txt")) {
            Row row = rows.get(images.resolve(bad).toString());
            assertNotNull(row, bad);
            assertNull(row.get(row.fieldIndex("embedding")), bad);
            assertTrue(row.getString(row.fieldIndex("error")).contains(bad), row.toString());
        }
        ZeroShotClassifier classifier = clip.classifier(LABELS);
        int good = 0;
        for (Row row : rows.values()) {
            if (row.get(row.fieldIndex("error")) != null) {
                continue;
            }
            good++;
            Path file = Path.of(row.getString(row.fieldIndex("path")));
            try (Embeddings expected = clip.embedImageFiles(List.of(file))) {
                float[] want = expected.row(0);
                float[] got = floats(row, "embedding");
                for (int d = 0; d < want.length; d++) {
                    assertEquals(want[d], got[d], 1e-6, file + "[" + d + "]");
                }
            }
            Classification c = classifier.classify(file);
            List<Row> labels = row.getList(row.fieldIndex("labels"));
            assertEquals(2, labels.size());
            assertEquals(c.top().get(0).label(), labels.get(0).getString(0), file.toString());
            assertEquals(c.top().get(0).probability(), labels.get(0).getFloat(1), 1e-5, file.toString());
            assertEquals(io.clip4j.index.IndexedFile.sha256Of(Files.readAllBytes(file)), row.getString(row.fieldIndex("sha256")));
        }
        assertEquals(inputs - 3, good);
    }

    @Test
    void aModelIsLoadedOncePerJvmWhateverTheTasks() {
        ClipJobOptions options = ClipJobOptions.of(Fixtures.TINY_CLIP.toString()).withDevice("cpu").withBatchSize(2);
        ClipSpark.embedImages(ClipSpark.readFiles(spark, images.toString()).repartition(5), options).count();
        int after = ClipSpark.modelsLoadedInThisJvm();
        ClipSpark.embedImages(ClipSpark.readFiles(spark, images.toString()).repartition(7), options).collectAsList();
        Dataset<Row> texts = spark.createDataFrame(List.of(RowFactory.create("a cat"), RowFactory.create("a dog")),
                new StructType().add("text", DataTypes.StringType)).repartition(2);
        ClipSpark.embedTexts(texts, "text", options).collectAsList();
        assertEquals(after, ClipSpark.modelsLoadedInThisJvm(), "12 more tasks, no more loads");
        assertTrue(after >= 1);
    }

    @Test
    void textEmbeddingsEqualTheModelsAndBlankTextsAreErrors() {
        List<String> texts = List.of("a photo of a cat", "a rocket", "", "a cup of coffee");
        Dataset<Row> input = spark.createDataFrame(texts.stream().map(t -> RowFactory.create(t, t.length())).toList(),
                new StructType().add("caption", DataTypes.StringType).add("n", DataTypes.IntegerType)).repartition(2);
        Map<String, Row> rows = new HashMap<>();
        ClipSpark.embedTexts(input, "caption", ClipJobOptions.of(Fixtures.TINY_CLIP.toString()).withDevice("cpu"))
                .collectAsList().forEach(r -> rows.put(r.getString(0), r));
        assertEquals(4, rows.size());
        assertTrue(rows.get("").getString(rows.get("").fieldIndex("error")).contains("caption"));
        try (Embeddings expected = clip.embedTexts(List.of("a photo of a cat", "a rocket", "a cup of coffee"))) {
            int i = 0;
            for (String t : List.of("a photo of a cat", "a rocket", "a cup of coffee")) {
                float[] want = expected.row(i++);
                float[] got = floats(rows.get(t), "embedding");
                for (int d = 0; d < want.length; d++) {
                    assertEquals(want[d], got[d], 1e-6, t);
                }
                assertEquals(t.length(), rows.get(t).getInt(1), "input columns are kept");
            }
        }
    }

    @Test
    void aModelShippedWithAddFileIsFoundOnTheExecutor() throws IOException {
        Path shipped = Files.createDirectories(tmp.resolve("ship").resolve("shipped-tiny-clip"));
        try (Stream<Path> files = Files.list(Fixtures.TINY_CLIP)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, shipped.resolve(f.getFileName()));
            }
        }
        spark.sparkContext().addFile(shipped.toString(), true);
        Path chelsea = images.resolve("chelsea.png");
        Row row = ClipSpark.embedImages(ClipSpark.readFiles(spark, chelsea.toString()),
                ClipJobOptions.of("shipped-tiny-clip").withDevice("cpu")).collectAsList().get(0);
        assertNull(row.get(row.fieldIndex("error")));
        try (Embeddings expected = clip.embedImageFiles(List.of(chelsea))) {
            float[] got = floats(row, "embedding");
            for (int d = 0; d < got.length; d++) {
                assertEquals(expected.row(0)[d], got[d], 1e-6);
            }
        }
    }
}
