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
}
