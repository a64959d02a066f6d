package io.clip4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.CliRunner;
import io.clip4j.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clip4j spark-embed} in local mode, then {@code index build --embeddings}: the search equals a direct build's. */
class SparkEmbedCliTest {
    private static final String MODEL = Fixtures.TINY_CLIP.toString();

    @TempDir
    Path tmp;

    @Test
    void anOutputInsideTheInputIsRefusedAndTheInputKept() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("keep"));
        Files.copy(Fixtures.IMAGES.resolve("chelsea.png"), images.resolve("chelsea.png"));
        Files.writeString(images.resolve("notes.txt"), "mine");
        for (Path output : new Path[] {images, images.resolve("out")}) {
            CliRunner.Result r = CliRunner.run("spark-embed", "--master", "local[1]", "--model", MODEL,
                    "--input", images.toString(), "--output", output.toString());
            assertEquals(1, r.status(), r.err());
            assertTrue(r.err().strip().startsWith("clip4j: --output " + output) && r.err().contains("delete the input"), r.err());
        }
        assertTrue(Files.isRegularFile(images.resolve("chelsea.png")) && Files.isRegularFile(images.resolve("notes.txt")));
    }

    @Test
    void aClusterMasterIsRefusedWithTheWayToSubmit() throws Exception {
        CliRunner.Result r = CliRunner.run("spark-embed", "--master", "spark://127.0.0.1:7077", "--model", MODEL,
                "--input", Fixtures.IMAGES.toString(), "--output", tmp.resolve("out").toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().strip().startsWith("clip4j: --master spark://127.0.0.1:7077: the CLI runs Spark in its own JVM only")
                && r.err().contains("spark-submit") && r.err().contains("-job.jar") && !r.err().strip().contains("\n"), r.err());
    }

    @Test
    void sparkEmbedThenIndexTheOutput() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        try (Stream<Path> files = Files.list(Fixtures.TINY_CLIP.resolve("images"))) {
            for (Path f : files.toList()) {
                Files.copy(f, images.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(images.resolve("readme.txt"), "not an image");
        Path out = tmp.resolve("embeddings");
        CliRunner.Result embedded = CliRunner.run("spark-embed", "--master", "local[2]", "--model", MODEL,
                "--input", images.toString(), "--output", out.toString(), "--labels", "a cat,a rocket", "--top-k", "1");
        assertEquals(0, embedded.status(), embedded.err());
        JsonNode summary = embedded.lines().get(0);
        assertEquals(9, summary.get("rows").asInt());
        assertEquals(1, summary.get("errors").asInt());
        assertTrue(embedded.err().isBlank() || !embedded.err().contains(" INFO "), "Spark's INFO logging stays off stderr:\n"
                + embedded.err());

        Path fromJob = tmp.resolve("from-job.idx");
        CliRunner.Result imported = CliRunner.run("index", "build", "--model", MODEL, "--index", fromJob.toString(),
                "--embeddings", out.toString());
        assertEquals(1, imported.status(), "the error row counts as a failure: " + imported.err());
        JsonNode report = imported.lines().get(imported.lines().size() - 1);
        assertEquals(8, report.get("documents").asInt());
        assertEquals(8, report.get("added").asInt());

        Path direct = tmp.resolve("direct.idx");
        CliRunner.run("index", "build", "--model", MODEL, "--index", direct.toString(), images.toString());
        for (Path index : new Path[] {fromJob, direct}) {
            CliRunner.Result hit = CliRunner.run("index", "search", "--model", MODEL, "--index", index.toString(),
                    "--image", images.resolve("chelsea.png").toString(), "--k", "1", "--exact");
            assertEquals(images.resolve("chelsea.png").toString(), hit.lines().get(0).get("path").asText());
        }

        CliRunner.Result neither = CliRunner.run("index", "build", "--model", MODEL, "--index", tmp.resolve("x").toString());
        assertEquals(2, neither.status(), neither.err());
        assertTrue(neither.err().contains("--embeddings"), neither.err());
    }
}
