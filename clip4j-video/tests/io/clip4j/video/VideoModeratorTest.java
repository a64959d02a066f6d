package io.clip4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.moderation.Action;
import io.clip4j.moderation.Moderator;
import io.clip4j.moderation.PolicyReader;
import io.clip4j.shapes.Colour;
import io.clip4j.shapes.Shape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy that flags blue squares (against red circles and yellow triangles as the harmless
 * look-alikes; prompts are used as written, so they are phrased as the demo model's captions), on a
 * video with a blue square from 2 s to 4 s: one flagged range, those seconds.
 */
class VideoModeratorTest {
    @TempDir
    Path tmp;

    @Test
    void theFlaggedSecondsAreTheBlueSquaresSeconds() throws Exception {
        Path video = TestVideos.write(tmp.resolve("v.mp4"), 25, List.of(
                new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 2), new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 2),
                new TestVideos.Shot(Colour.YELLOW, Shape.TRIANGLE, 2)));
        var policy = PolicyReader.parse("""
                {"categories": [{"name": "blue-squares", "prompts": ["a blue square on a grey background"],
                  "negative_prompts": ["a red circle on a grey background", "a yellow triangle on a grey background"],
                  "threshold": 0.5, "action": "BLOCK"}]}""",
                "test policy", "test");
        double step = 0.25;
        try (ClipModel clip = ClipModel.load(Path.of("models/shapes-demo")); Moderator moderator = Moderator.create(clip, policy)) {
            VideoModerator.Result r = new VideoModerator(clip, moderator, Sampling.every(step), 16).moderate(video);
            assertEquals(24, r.framesScored());
            assertEquals(1, r.flagged().size(), r.flagged().toString());
            VideoModerator.FlaggedRange range = r.flagged().get(0);
            assertEquals("blue-squares", range.category());
            assertTrue(Math.abs(range.start() - 2) <= step + 1e-6 && Math.abs(range.end() - 4) <= step + 1e-6, range.toString());
            assertEquals(Action.BLOCK, range.action());
            assertTrue(range.maxScore() >= 0.5, range.toString());

            // streamed: the range is handed over when it closes, while the rest of the video is still being read
            var reading = new org.bytedeco.javacv.FFmpegFrameGrabber(video.toFile()) {
                int grabbed;

                @Override
                public org.bytedeco.javacv.Frame grabImage() throws Exception {
                    grabbed++;
                    return super.grabImage();
                }
            };
            reading.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24);
            reading.start();
            int[] grabbedWhenClosed = {-1};
            VideoModerator.Summary streamed;
            try {
                streamed = new VideoModerator(clip, moderator, Sampling.every(step), 4).moderate(
                        VideoSource.grabber(reading, "v.mp4"), closed -> {
                            assertEquals(range, closed, "the same range as the whole read");
                            grabbedWhenClosed[0] = reading.grabbed;
                        });
            } finally {
                reading.close();
            }
            assertEquals(1, streamed.flagged());
            assertEquals(24, streamed.framesScored());
            assertTrue(grabbedWhenClosed[0] > 0 && grabbedWhenClosed[0] < reading.grabbed - 25,
                    "closed after frame " + grabbedWhenClosed[0] + " of " + reading.grabbed + ", well before the end");
        }
    }
}
