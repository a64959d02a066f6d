package io.clip4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_videoio.VideoWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The video example classifies every frame, from drawn frames and from a real video file, with
 * the committed demo model: the frames show a red circle (even) and a green square (odd), and
 * the example must say so among ten look-alike labels.
 */
class VideoClassificationTest {
    private static final Path DEMO_MODEL = Path.of("models", "shapes-demo");

    private static String[] run(String video) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        VideoClassification.run(DEMO_MODEL, video, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
    }

    /** Every line names its frame and what that frame shows. */
    private static void assertFramesShowTheirSubjects(String[] lines, int frames) {
        assertEquals(frames, lines.length, String.join("\n", lines));
        for (int i = 0; i < frames; i++) {
            String subject = i % 2 == 0 ? "red circle" : "green square";
            assertTrue(lines[i].startsWith("frame " + i + ": " + subject + " ("), lines[i]);
        }
    }

    @Test
    void drawnFramesAreClassifiedBatchByBatch() {
        assertFramesShowTheirSubjects(run(null), 48);
    }

    @Test
    void framesFromVideoCaptureAreClassified(@TempDir Path dir) {
        // OpenCV's built-in MJPEG/AVI writer and reader need no FFmpeg.
        String video = dir.resolve("clip.avi").toString();
        int frames = 20;
        try (VideoWriter writer = new VideoWriter(video, VideoWriter.fourcc((byte) 'M', (byte) 'J', (byte) 'P', (byte) 'G'),
                10, new Size(160, 120), true)) {
            Assumptions.assumeTrue(writer.isOpened(), "this OpenCV build cannot write MJPEG AVI");
            for (int i = 0; i < frames; i++) {
                try (Mat frame = new Mat()) {
                    assertTrue(VideoClassification.draw(frame, i));
                    writer.write(frame);
                }
            }
        }
        assertFramesShowTheirSubjects(run(video), frames);
    }
}
