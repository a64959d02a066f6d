package io.clip4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.CliRunner;
import io.clip4j.Fixtures;
import io.clip4j.train.probe.HeadFile;
import io.clip4j.train.probe.ProbeHead;
import io.clip4j.train.probe.ProbeImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clip4j probe} trains and saves a head and prints one JSON report; {@code clip4j classify
 * --head} then labels images with it end to end.
 */
class ProbeCommandTest {
    private static final String MODEL = Fixtures.TINY_CLIP.toString();

    @TempDir
    static Path data;

    static Path head;
    static CliRunner.Result probe;

    @BeforeAll
    static void trainHead() throws Exception {
        ProbeImages.folder(data.resolve("folder"), 20, 5);
        head = data.resolve("head.safetensors");
        probe = probe("--model", MODEL, "--folder", data.resolve("folder").toString(), "--seed", "3",
                "--out", head.toString());
    }

    /** Runs {@code clip4j probe ARGS...} through {@link Main}. */
    static CliRunner.Result probe(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "probe";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRunner.run(all);
    }

    @Test
    void probePrintsOneJsonReportAndSavesTheHead() {
        assertEquals(0, probe.status(), probe.err());
        assertEquals(1, probe.lines().size(), probe.out());
        JsonNode report = probe.lines().get(0);
        assertEquals(head.toString(), report.get("head").asText());
        assertEquals(12, report.get("validation_images").asInt());
        assertTrue(report.get("validation_accuracy").asDouble() >= 0.8, report.toString());
        int sum = 0;
        for (JsonNode row : report.get("confusion")) {
            for (JsonNode cell : row) {
                sum += cell.asInt();
            }
        }
        assertEquals(12, sum, "the confusion matrix sums to the validation images");
        assertTrue(Files.isRegularFile(head));
        assertEquals(ProbeImages.LABELS, HeadFile.read(head).labels());
    }

    @Test
    void classifyWithHeadGivesTheHeadsLabelsAndProbabilities() throws Exception {
        CliRunner.Result r = CliRunner.run("classify", "--model", MODEL, "--head", head.toString(), "--top-k", "2",
                data.resolve("folder").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(60, r.lines().size());
        int right = 0;
        for (JsonNode line : r.lines()) {
            JsonNode predictions = line.get("predictions");
            assertEquals(2, predictions.size(), line.toString());
            double first = predictions.get(0).get("score").asDouble();
            assertTrue(first >= predictions.get(1).get("score").asDouble() && first <= 1, line.toString());
            assertTrue(ProbeImages.LABELS.contains(predictions.get(0).get("label").asText()));
            String truth = Path.of(line.get("image").asText()).getParent().getFileName().toString();
            right += truth.equals(predictions.get(0).get("label").asText()) ? 1 : 0;
        }
        assertTrue(right >= 48, right + " of 60 images labelled right");
    }

    @Test
    void headRefusesZeroShotOptions() throws Exception {
        CliRunner.Result r = CliRunner.run("classify", "--model", MODEL, "--head", head.toString(), "--labels", "a,b",
                data.resolve("folder").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("clip4j: --head brings its own labels"), r.err());
    }

    @Test
    void headOfAnotherWidthIsOneLineNamingFileAndField() throws Exception {
        Path wide = data.resolve("wide.safetensors");
        HeadFile.write(wide, new ProbeHead(List.of("a", "b"), 512, new float[1024], new float[2], "clip-vit-base-patch32"));
        CliRunner.Result r = CliRunner.run("classify", "--model", MODEL, "--head", wide.toString(),
                data.resolve("folder").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("clip4j: " + wide + ": dim: the head takes 512-wide embeddings"), r.err());
        assertEquals(0, r.lines().size());
    }

    @Test
    void badOptionsAndDataAreErrors() throws Exception {
        CliRunner.Result fraction = probe("--model", MODEL, "--folder", data.resolve("folder").toString(),
                "--val-fraction", "1.5", "--out", data.resolve("x.safetensors").toString());
        assertEquals(2, fraction.status());
        assertTrue(fraction.err().contains("validation fraction"), fraction.err());
        CliRunner.Result both = probe("--model", MODEL, "--folder", "a", "--train", "b.csv", "--out", "x");
        assertEquals(2, both.status(), both.err());
        CliRunner.Result missing = probe("--model", MODEL, "--folder", data.resolve("nope").toString(), "--out", "x");
        assertEquals(1, missing.status());
        assertTrue(missing.err().startsWith("clip4j: " + data.resolve("nope")), missing.err());
    }
}
