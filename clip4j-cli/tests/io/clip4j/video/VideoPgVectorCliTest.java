package io.clip4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.CliRunner;
import io.clip4j.index.Pglite;
import io.clip4j.shapes.Colour;
import io.clip4j.shapes.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Videos in PostgreSQL with pgvector through the CLI: a row per shot, found by text with its time range, filtered by path. */
class VideoPgVectorCliTest {
    @TempDir
    Path tmp;

    @Test
    void shotsInPostgresAreFoundWithTheirTimeRanges() throws Exception {
        String store = Pglite.shared().url("cli_videos");
        Path dir = Files.createDirectories(tmp.resolve("videos"));
        Path shapes = TestVideos.write(dir.resolve("shapes.mp4"), 25, List.of(
                new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 2), new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 2),
                new TestVideos.Shot(Colour.YELLOW, Shape.TRIANGLE, 2)));
        Path other = TestVideos.write(dir.resolve("other.webm"), "matroska", 25, 0, List.of(
                new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 1), new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 2)));
        CliRunner.Result built = CliRunner.run("index", "build", "--model", "models/shapes-demo", "--store", store,
                "--every", "0.25", "--parallel-videos", "2", dir.toString());
        assertEquals(0, built.status(), built.err() + built.out());
        assertEquals(5, built.lines().get(built.lines().size() - 1).get("documents").asInt(), built.out());

        for (String mode : new String[] {"--exact", "--k"}) {
            CliRunner.Result found = mode.equals("--exact")
                    ? CliRunner.run("index", "search", "--model", "models/shapes-demo", "--store", store, "--text", "a blue square",
                            "--k", "5", "--exact", "--path-prefix", shapes.toAbsolutePath().normalize().toString())
                    : CliRunner.run("index", "search", "--model", "models/shapes-demo", "--store", store, "--text", "a blue square",
                            "--k", "5", "--path-prefix", shapes.toAbsolutePath().normalize().toString());
            assertEquals(0, found.status(), found.err());
            assertEquals(3, found.lines().size(), found.out());
            JsonNode first = found.lines().get(0);
            assertEquals(shapes.toAbsolutePath().normalize().toString(), first.get("path").asText(), found.out());
            assertTrue(Math.abs(first.get("start").asDouble() - 2) <= 0.25 && Math.abs(first.get("end").asDouble() - 4) <= 0.25,
                    first.toString());
        }
        Files.delete(other);
        CliRunner.Result rebuilt = CliRunner.run("index", "build", "--model", "models/shapes-demo", "--store", store,
                "--every", "0.25", dir.toString());
        JsonNode summary = rebuilt.lines().get(rebuilt.lines().size() - 1);
        assertEquals(1, summary.get("videos").get("removed").asInt(), rebuilt.out());
        assertEquals(3, summary.get("documents").asInt(), rebuilt.out());
    }
}
