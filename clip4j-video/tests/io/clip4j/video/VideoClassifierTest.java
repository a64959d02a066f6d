package io.clip4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.shapes.Colour;
import io.clip4j.shapes.Shape;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shots found in a video made here (2 s of a red circle, 2 s of a blue square, then a cut to a
 * yellow triangle, 25 fps): cuts within one sampling step, the right label per shot; damaged,
 * empty and non-video files give their documented outcome.
 */
class VideoClassifierTest {
    private static final List<String> LABELS = List.of("red circle", "blue square", "yellow triangle", "green star");
    private static ClipModel clip;
    private static ZeroShotClassifier classifier;

    @TempDir
    static Path tmp;

    private static Path video;

    @BeforeAll
    static void setUp() throws Exception {
        clip = ClipModel.load(Path.of("models/shapes-demo"));
        classifier = clip.classifier(LABELS);
        video = TestVideos.write(tmp.resolve("shapes.mp4"), 25, List.of(
                new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 2), new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 2),
                new TestVideos.Shot(Colour.YELLOW, Shape.TRIANGLE, 2)));
    }

    @AfterAll
    static void tearDown() {
        classifier.close();
        clip.close();
    }

    @Test
    void shotsStartAtTheCutsAndCarryTheirLabels() {
        double step = 0.25;
        VideoClassifier.Result r = new VideoClassifier(clip, classifier, new VideoClassifier.Options(Sampling.every(step), 0.1, 2, 16))
                .classify(video);
        List<VideoSegment> shots = r.segments();
        assertEquals(3, shots.size(), shots.toString());
        double[] starts = {0, 2, 4};
        String[] labels = {"red circle", "blue square", "yellow triangle"};
        for (int i = 0; i < 3; i++) {
            VideoSegment s = shots.get(i);
            assertTrue(Math.abs(s.start() - starts[i]) <= step + 1e-6, "shot " + i + " starts at " + s.start());
            assertEquals(labels[i], s.labels().best().label(), "shot " + i + ": " + s.labels());
        }
        assertTrue(Math.abs(shots.get(2).end() - 6) <= step + 0.05, "the last shot ends with the video: " + shots.get(2).end());
        assertEquals(24, Arrays.stream(shots.toArray(VideoSegment[]::new)).mapToInt(VideoSegment::frames).sum(),
                "6 s sampled every 0.25 s");
        assertEquals(null, r.stoppedEarly());
    }

    @Test
    void aTruncatedVideoKeepsWhatCameBeforeTheDamage() throws Exception {
        byte[] bytes = Files.readAllBytes(video);
        // FFmpegFrameRecorder writes the MP4's index (moov) last: cut in half, the file has none and is refused by name
        Path truncated = Files.write(tmp.resolve("truncated.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
        VideoException refused = org.junit.jupiter.api.Assertions.assertThrows(VideoException.class,
                () -> new VideoClassifier(clip, classifier, VideoClassifier.Options.defaults()).classify(truncated));
        assertTrue(refused.getMessage().startsWith(truncated + ": is not a video FFmpeg can open"), refused.getMessage());
        Path corrupt = tmp.resolve("corrupt.mp4");
        byte[] damaged = bytes.clone();
        for (int i = damaged.length / 3; i < damaged.length / 3 + 2000 && i < damaged.length; i++) {
            damaged[i] = (byte) (i * 31);
        }
        Files.write(corrupt, damaged);
        VideoClassifier.Result r = new VideoClassifier(clip, classifier, VideoClassifier.Options.defaults()).classify(corrupt);
        // the damage starts a third into the file, in the second shot: the first shot before it is intact
        assertTrue(!r.segments().isEmpty(), "frames before the damage are kept");
        VideoSegment first = r.segments().get(0);
        assertEquals(0, first.start(), 1e-6);
        assertEquals("red circle", first.labels().best().label(), first.toString());
        assertTrue(first.end() >= 1.5, "the first shot runs (nearly) to its 2 s: " + first);
    }

    /** A container the encoder closed without writing a frame holds no stream FFmpeg will open: refused by name. */
    @Test
    void aVideoWithoutFramesIsRefusedByName() throws Exception {
        Path none = TestVideos.write(tmp.resolve("no-frames.mp4"), 25, List.of());
        VideoClassifier classify = new VideoClassifier(clip, classifier, VideoClassifier.Options.defaults());
        VideoException e = assertThrows(VideoException.class, () -> classify.classify(none));
        assertTrue(e.getMessage().startsWith(none + ": is not a video FFmpeg can open"), e.getMessage());
    }

    @Test
    void filesThatAreNotVideosAreRefusedByName() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.mp4"), "not a video at all");
        Path empty = Files.write(tmp.resolve("empty.mp4"), new byte[0]);
        Path missing = tmp.resolve("missing.mp4");
        VideoClassifier classify = new VideoClassifier(clip, classifier, VideoClassifier.Options.defaults());
        assertTrue(assertThrows(VideoException.class, () -> classify.classify(text)).getMessage()
                .startsWith(text + ": is not a video FFmpeg can open"));
        assertEquals(empty + ": is empty (0 bytes)", assertThrows(VideoException.class, () -> classify.classify(empty)).getMessage());
        assertEquals(missing + ": does not exist", assertThrows(VideoException.class, () -> classify.classify(missing)).getMessage());
    }
}
