package io.clip4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.CliRunner;
import io.clip4j.shapes.Colour;
import io.clip4j.shapes.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clip4j video classify}: a line per shot with its times and labels; a bad file is an error line and exit 1. */
class VideoCliTest {
    @TempDir
    Path tmp;

    @Test
    void shotsAsJsonLinesAndBadFilesAsErrorLines() throws Exception {
        Path video = TestVideos.write(tmp.resolve("two.mp4"), 25, List.of(
                new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 2), new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 2)));
        CliRunner.Result r = CliRunner.run("video", "classify", "--model", "models/shapes-demo",
                "--labels", "red circle,blue square,green star", "--every", "0.25", "--top-k", "1", video.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(2, r.lines().size(), r.out());
        JsonNode second = r.lines().get(1);
        assertEquals("blue square", second.get("predictions").get(0).get("label").asText());
        assertTrue(Math.abs(second.get("start").asDouble() - 2) <= 0.25, second.toString());
        assertEquals(video.toString(), second.get("video").asText());

        Path text = Files.writeString(tmp.resolve("notes.mkv"), "not a video");
        CliRunner.Result bad = CliRunner.run("video", "classify", "--model", "models/shapes-demo", "--labels", "a,b",
                text.toString(), video.toString());
        assertEquals(1, bad.status());
        assertTrue(bad.lines().get(0).get("error").asText().startsWith(text + ": is not a video"), bad.out());
        assertEquals(3, bad.lines().size(), "the good video still gets its shots: " + bad.out());
        CliRunner.Result noLabels = CliRunner.run("video", "classify", "--model", "models/shapes-demo", video.toString());
        assertEquals(2, noLabels.status(), noLabels.err());
    }

    @Test
    void moderateGivesTheFlaggedRangeAndASummaryPerVideo() throws Exception {
        Path video = TestVideos.write(tmp.resolve("v.mp4"), 25, List.of(
                new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 2), new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 2)));
        Path policy = Files.writeString(tmp.resolve("policy.json"), """
                {"categories": [{"name": "blue-squares", "prompts": ["a blue square on a grey background"],
                  "negative_prompts": ["a red circle on a grey background"], "threshold": 0.5, "action": "REVIEW"}]}""");
        CliRunner.Result r = CliRunner.run("video", "moderate", "--model", "models/shapes-demo", "--policy", policy.toString(),
                "--every", "0.25", video.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(2, r.lines().size(), r.out());
        JsonNode range = r.lines().get(0);
        assertEquals("blue-squares", range.get("category").asText());
        assertEquals("review", range.get("action").asText());
        assertTrue(Math.abs(range.get("start").asDouble() - 2) <= 0.25 && range.get("end").asDouble() >= 3.75, range.toString());
        assertEquals(16, r.lines().get(1).get("frames").asInt());
        assertEquals(1, r.lines().get(1).get("flagged").asInt());
    }

    /** Several videos at once print the same lines, each video's together, in input order; sampling options exclude each other. */
    @Test
    void parallelVideosKeepInputOrderAndSamplingOptionsAreOneOf() throws Exception {
        Path a = TestVideos.write(tmp.resolve("a.mp4"), 25, List.of(
                new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 2), new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 2)));
        Path b = TestVideos.write(tmp.resolve("b.mp4"), 25, List.of(new TestVideos.Shot(Colour.YELLOW, Shape.TRIANGLE, 2)));
        String[] common = {"video", "classify", "--model", "models/shapes-demo", "--labels", "red circle,blue square,yellow triangle",
            "--fps", "4", "--top-k", "1", a.toString(), b.toString(), a.toString()};
        CliRunner.Result serial = CliRunner.run(common);
        CliRunner.Result parallel = CliRunner.run(java.util.stream.Stream.concat(java.util.Arrays.stream(common),
                java.util.stream.Stream.of("--parallel", "3")).toArray(String[]::new));
        assertEquals(0, parallel.status(), parallel.err());
        assertEquals(List.of(a.toString(), a.toString(), b.toString(), a.toString(), a.toString()),
                parallel.lines().stream().map(l -> l.get("video").asText()).toList());
        for (int i = 0; i < 5; i++) {
            assertEquals(serial.lines().get(i).get("start"), parallel.lines().get(i).get("start"));
            assertEquals(serial.lines().get(i).get("predictions").get(0).get("label"),
                    parallel.lines().get(i).get("predictions").get(0).get("label"));
        }
        CliRunner.Result both = CliRunner.run("video", "classify", "--model", "models/shapes-demo", "--labels", "a,b",
                "--every", "1", "--keyframes", a.toString());
        assertEquals(2, both.status());
        assertTrue(both.err().contains("give one of --every, --fps and --keyframes"), both.err());
    }

    /** Videos in an index: a document per shot; a text search answers with the video and the time range. */
    @Test
    void indexBuildTakesVideosAndSearchGivesTimeRanges() throws Exception {
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve("media"));
        Path video = TestVideos.write(dir.resolve("shapes.mp4"), 25, List.of(
                new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 2), new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 2),
                new TestVideos.Shot(Colour.YELLOW, Shape.TRIANGLE, 2)));
        String index = tmp.resolve("idx").toString();
        CliRunner.Result built = CliRunner.run("index", "build", "--model", "models/shapes-demo", "--index", index,
                "--every", "0.25", dir.toString());
        assertEquals(0, built.status(), built.err() + built.out());
        JsonNode summary = built.lines().get(built.lines().size() - 1);
        assertEquals(3, summary.get("documents").asInt(), summary.toString());
        assertEquals(1, summary.get("videos").get("added").asInt(), summary.toString());

        CliRunner.Result found = CliRunner.run("index", "search", "--model", "models/shapes-demo", "--index", index,
                "--text", "a blue square", "--k", "3");
        assertEquals(0, found.status(), found.err());
        JsonNode first = found.lines().get(0);
        assertEquals(video.toAbsolutePath().normalize().toString(), first.get("path").asText(), found.out());
        assertTrue(Math.abs(first.get("start").asDouble() - 2) <= 0.25 && Math.abs(first.get("end").asDouble() - 4) <= 0.25,
                first.toString());
        assertEquals(List.of("end", "path", "score", "start"), fieldNames(first));

        CliRunner.Result again = CliRunner.run("index", "build", "--model", "models/shapes-demo", "--index", index,
                "--every", "0.25", video.toString());
        assertEquals(1, again.lines().get(again.lines().size() - 1).get("videos").get("unchanged").asInt(), again.out());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        java.util.Collections.sort(names);
        return names;
    }
}
