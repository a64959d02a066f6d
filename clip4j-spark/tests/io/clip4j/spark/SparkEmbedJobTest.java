package io.clip4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.Fixtures;
import io.clip4j.index.BuildListener;
import io.clip4j.index.BuildOptions;
import io.clip4j.index.BuildReport;
import io.clip4j.index.ImageSearch;
import io.clip4j.index.IndexBuilder;
import io.clip4j.index.IndexMismatchException;
import io.clip4j.index.IndexSettings;
import io.clip4j.index.ModelIdentity;
import io.clip4j.index.SearchHit;
import io.clip4j.index.SearchOptions;
import io.clip4j.index.VectorStore;
import io.clip4j.index.VectorStoreWriter;
import io.clip4j.index.VectorStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The submitted job's output, and an index filled from it, equal to indexing the files directly. */
class SparkEmbedJobTest {
    private static SparkSession spark;
    private static ClipModel clip;
    private static Path images;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSessions.local(2);
        clip = ClipModel.load(Fixtures.TINY_CLIP);
        images = SparkSessions.fixtureImagesIn(tmp.resolve("images"));
        Files.writeString(images.resolve("broken.png"), "not a png");
    }

    @AfterAll
    static void stop() {
        clip.close();
        spark.stop();
    }

    @Test
    void parquetAndJsonOutputsFillAnIndexThatSearchesLikeOneBuiltFromTheFiles() throws Exception {
        Path direct = tmp.resolve("direct.idx");
        new IndexBuilder(clip, BuildOptions.defaults()).build(direct, List.of(images), BuildListener.NONE);
        for (String format : List.of("parquet", "json")) {
            String output = tmp.resolve("out-" + format).toString();
            SparkEmbedJob.Summary summary = SparkEmbedJob.run(spark, new SparkEmbedJob.Spec(images.toString(), output,
                    format, ClipJobOptions.of(Fixtures.TINY_CLIP.toString()).withDevice("cpu").withBatchSize(4)));
            assertEquals(9, summary.rows());
            assertEquals(1, summary.errors());
            assertTrue(Files.exists(Path.of(output, SparkEmbedJob.MODEL_FILE)));

            String fromJob = tmp.resolve("from-" + format + ".idx").toString();
            try (VectorStoreWriter writer = VectorStores.openWriter(fromJob, ModelIdentity.of(clip), null, IndexSettings.defaults())) {
                BuildReport report = EmbeddingsImport.into(spark, output, writer, 3);
                assertEquals(8, report.added());
                assertEquals(1, report.failed());
                BuildReport again = EmbeddingsImport.into(spark, output, writer, 3);
                assertEquals(8, again.unchanged(), "a second import changes nothing");
            }
            try (VectorStore a = VectorStores.open(direct.toString(), "cpu"); VectorStore b = VectorStores.open(fromJob, "cpu")) {
                assertEquals(a.files(), b.files(), "same paths, hashes, sizes and times");
                for (String text : List.of("a photo of a cat", "a rocket", "coffee")) {
                    List<SearchHit> want = new ImageSearch(clip, a).byText(text, SearchOptions.top(5).exactly());
                    List<SearchHit> got = new ImageSearch(clip, b).byText(text, SearchOptions.top(5).exactly());
                    assertEquals(want.stream().map(SearchHit::path).toList(), got.stream().map(SearchHit::path).toList(), text);
                    for (int i = 0; i < want.size(); i++) {
                        assertEquals(want.get(i).score(), got.get(i).score(), 1e-5, text);
                    }
                }
            }
        }
    }

    @Test
    void anIndexOfAnotherModelRefusesTheOutput() {
        String output = tmp.resolve("out-mismatch").toString();
        SparkEmbedJob.run(spark, new SparkEmbedJob.Spec(images.resolve("coffee.png").toString(), output, "parquet",
                ClipJobOptions.of(Fixtures.TINY_CLIP.toString()).withDevice("cpu")));
        ModelIdentity other = new ModelIdentity("other", "/elsewhere", "f".repeat(64), clip.config().projectionDim());
        try (VectorStoreWriter writer = VectorStores.openWriter(tmp.resolve("other.idx").toString(), other, null,
                IndexSettings.defaults())) {
            IndexMismatchException e = assertThrows(IndexMismatchException.class, () -> EmbeddingsImport.into(spark, output, writer, 10));
            assertTrue(e.getMessage().contains("'other'") && e.getMessage().contains("tiny-clip"), e.getMessage());
        }
    }

    @Test
    void mainRefusesMistakesInOneLine() {
        assertTrue(assertThrows(ClipException.class, () -> SparkEmbedJob.parse(new String[] {"--input", "x"}))
                .getMessage().contains("required"));
        assertTrue(assertThrows(ClipException.class, () -> SparkEmbedJob.parse(new String[] {"--input", "x", "--output",
            "y", "--model", "m", "--format", "csv"})).getMessage().contains("parquet or json"));
        assertTrue(assertThrows(ClipException.class, () -> SparkEmbedJob.parse(new String[] {"--batch-size", "many"}))
                .getMessage().contains("integer"));
        SparkEmbedJob.Spec spec = SparkEmbedJob.parse(new String[] {"--input", "in", "--output", "out", "--model", "m",
            "--labels", "cat,dog", "--device", "cuda"});
        assertEquals(List.of("cat", "dog"), spec.options().labels());
        assertEquals("cuda", spec.options().device());
    }
}
