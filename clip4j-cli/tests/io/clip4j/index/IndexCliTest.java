package io.clip4j.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.CliRunner;
import io.clip4j.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clip4j index build|search} and {@code bench-index}: JSON lines, error lines, exit codes. */
class IndexCliTest {
    private static final String MODEL = Fixtures.TINY_CLIP.toString();

    @TempDir
    Path tmp;

    @Test
    void buildThenSearchByTextAndImage() throws Exception {
        Path index = tmp.resolve("idx");
        CliRunner.Result built = CliRunner.run("index", "build", "--model", MODEL, "--index", index.toString(),
                IndexTestSupport.IMAGES.toString());
        assertEquals(0, built.status(), built.err());
        JsonNode summary = built.lines().get(built.lines().size() - 1);
        assertEquals(8, summary.get("documents").asInt());
        assertEquals(8, summary.get("added").asInt());

        CliRunner.Result text = CliRunner.run("index", "search", "--model", MODEL, "--index", index.toString(),
                "--text", "a photo of a cat", "--k", "3");
        assertEquals(0, text.status(), text.err());
        assertEquals(3, text.lines().size());
        for (JsonNode hit : text.lines()) {
            assertTrue(hit.get("path").isTextual() && hit.get("score").isNumber(), hit.toString());
        }
        CliRunner.Result exact = CliRunner.run("index", "search", "--model", MODEL, "--index", index.toString(),
                "--text", "a photo of a cat", "--k", "3", "--exact");
        assertEquals(text.lines().stream().map(h -> h.get("path").asText()).toList(),
                exact.lines().stream().map(h -> h.get("path").asText()).toList());

        Path chelsea = IndexTestSupport.IMAGES.resolve("chelsea.png");
        CliRunner.Result image = CliRunner.run("index", "search", "--model", MODEL, "--index", index.toString(),
                "--image", chelsea.toString(), "--k", "1");
        assertEquals(0, image.status(), image.err());
        assertEquals(chelsea.toAbsolutePath().normalize().toString(), image.lines().get(0).get("path").asText());
        assertEquals(1.0, image.lines().get(0).get("score").asDouble(), 1e-5);
    }

    @Test
    void unreadableFilesBecomeErrorLinesAndExitOne() throws Exception {
        Path images = tmp.resolve("images");
        IndexTestSupport.copyImages(images, "coffee.png");
        Files.writeString(images.resolve("broken.jpg"), "not a jpeg");
        CliRunner.Result r = CliRunner.run("index", "build", "--model", MODEL, "--index",
                tmp.resolve("idx").toString(), images.toString());
        assertEquals(1, r.status());
        JsonNode error = r.lines().get(0);
        assertTrue(error.get("image").asText().endsWith("broken.jpg"), error.toString());
        assertTrue(error.get("error").asText().contains("broken.jpg"), error.toString());
        assertEquals(1, r.lines().get(1).get("documents").asInt());
        assertEquals(1, r.lines().get(1).get("failed").asInt());
    }

    @Test
    void mistakesGiveOneLineErrors() throws Exception {
        CliRunner.Result missing = CliRunner.run("index", "search", "--model", MODEL, "--index",
                tmp.resolve("none").toString(), "--text", "cat");
        assertEquals(1, missing.status());
        assertTrue(missing.err().startsWith("clip4j: index ") && missing.err().contains("does not exist"), missing.err());
        assertEquals(1, missing.err().strip().lines().count());

        CliRunner.Result both = CliRunner.run("index", "search", "--model", MODEL, "--index", "x",
                "--text", "cat", "--image", "y.png");
        assertEquals(2, both.status(), both.err());
        CliRunner.Result neither = CliRunner.run("index", "search", "--model", MODEL, "--index", "x");
        assertEquals(2, neither.status(), neither.err());
        CliRunner.Result noSubcommand = CliRunner.run("index");
        assertEquals(2, noSubcommand.status(), noSubcommand.err());
    }

    @Test
    void benchIndexPrintsEveryPhase() throws Exception {
        CliRunner.Result r = CliRunner.run("bench-index", "--count", "500", "--dim", "16", "--queries", "20",
                "--candidates", "10,50", "--exact-queries", "5", "--threads", "1");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("build", "exact", "hnsw", "hnsw"), r.lines().stream().map(l -> l.get("phase").asText()).toList());
        assertTrue(r.lines().get(0).get("sizeBytes").asLong() > 500L * 16 * 4);
        JsonNode wide = r.lines().get(3);
        assertEquals(50, wide.get("candidates").asInt());
        assertTrue(wide.get("recallAtK").asDouble() > 0.9, wide.toString());
        assertTrue(wide.get("p99Ms").asDouble() >= wide.get("p50Ms").asDouble());
    }
}
