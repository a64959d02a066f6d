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
}
