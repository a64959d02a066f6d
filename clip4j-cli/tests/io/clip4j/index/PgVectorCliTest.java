package io.clip4j.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.CliRunner;
import io.clip4j.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clip4j index build|search --store jdbc:postgresql:...} against a real PostgreSQL with pgvector. */
class PgVectorCliTest {
    private static final String MODEL = Fixtures.TINY_CLIP.toString();
    private static Pglite pglite;

    @TempDir
    Path tmp;

    @BeforeAll
    static void postgres() throws Exception {
        pglite = Pglite.shared();
    }

    @Test
    void buildSearchAndFilterInPostgres() throws Exception {
        String store = pglite.url("cli_images");
        CliRunner.Result built = CliRunner.run("index", "build", "--model", MODEL, "--store", store,
                IndexTestSupport.IMAGES.toString());
        assertEquals(0, built.status(), built.err());
        JsonNode summary = built.lines().get(built.lines().size() - 1);
        assertEquals(8, summary.get("documents").asInt());
        CliRunner.Result again = CliRunner.run("index", "build", "--model", MODEL, "--store", store,
                IndexTestSupport.IMAGES.toString());
        assertEquals(8, again.lines().get(again.lines().size() - 1).get("unchanged").asInt(), again.out());

        Path chelsea = IndexTestSupport.IMAGES.resolve("chelsea.png").toAbsolutePath().normalize();
        for (String mode : new String[] {"--exact", "--k"}) {
            CliRunner.Result image = mode.equals("--exact")
                    ? CliRunner.run("index", "search", "--model", MODEL, "--store", store, "--image", chelsea.toString(), "--k", "1", "--exact")
                    : CliRunner.run("index", "search", "--model", MODEL, "--store", store, "--image", chelsea.toString(), "--k", "1");
            assertEquals(0, image.status(), image.err());
            assertEquals(chelsea.toString(), image.lines().get(0).get("path").asText());
            assertEquals(1.0, image.lines().get(0).get("score").asDouble(), 1e-4);
        }
        String prefix = IndexTestSupport.IMAGES.resolve("c").toAbsolutePath().normalize().toString();
        CliRunner.Result filtered = CliRunner.run("index", "search", "--model", MODEL, "--store", store,
                "--text", "a cat", "--k", "8", "--path-prefix", prefix);
        assertEquals(0, filtered.status(), filtered.err());
        assertFalse(filtered.lines().isEmpty());
        assertTrue(filtered.lines().stream().allMatch(h -> h.get("path").asText().startsWith(prefix)), filtered.out());
        assertTrue(filtered.lines().size() < 8, "the filter left some images out: " + filtered.out());
    }

    @Test
    void aPasswordOnTheCommandLineIsRefused() throws Exception {
        CliRunner.Result r = CliRunner.run("index", "search", "--model", MODEL, "--store",
                pglite.url("x") + "&password=hunter2", "--text", "cat");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("PGPASSWORD"), r.err());
        CliRunner.Result notJdbc = CliRunner.run("index", "search", "--model", MODEL, "--store", "/tmp/x", "--text", "cat");
        assertEquals(2, notJdbc.status(), notJdbc.err());
    }

    /** bench-index on the same vector file, Lucene and PostgreSQL side by side. */
    @Test
    void benchIndexComparesTheStoresOnTheSameVectors() throws Exception {
        float[][] rows = IndexTestSupport.unitVectors(420, 16, 5);
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(rows.length * 16 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            for (float v : row) {
                bytes.putFloat(v);
            }
        }
        Path file = java.nio.file.Files.write(tmp.resolve("vectors.f32"), bytes.array());
        String[] common = {"bench-index", "--count", "400", "--dim", "16", "--queries", "20", "--candidates", "10,50",
            "--exact-queries", "5", "--threads", "2", "--vectors", file.toString()};
        for (String[] where : new String[][] {{"--index", tmp.resolve("bench.idx").toString()}, {"--store", pglite.url("bench")}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(common), java.util.Arrays.stream(where))
                    .toArray(String[]::new);
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(0, r.status(), r.err());
            assertEquals(java.util.List.of("build", "exact", "hnsw", "hnsw"), r.lines().stream().map(l -> l.get("phase").asText()).toList());
            assertEquals(where[0].equals("--store") ? "pgvector" : "lucene", r.lines().get(0).get("store").asText());
            assertEquals("vectors.f32", r.lines().get(0).get("data").asText());
            JsonNode wide = r.lines().get(3);
            assertTrue(wide.get("recallAtK").asDouble() >= 0.9, wide.toString());
        }
    }
}
