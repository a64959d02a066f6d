package io.clip4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_videoio.VideoWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The video example classifies every frame, from drawn frames and from a real video file. */
class VideoClassificationTest {
    private static String[] run(String video) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        VideoClassification.run(Fixtures.TINY_CLIP, video, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
    }

    @Test
    void drawnFramesAreClassifiedBatchByBatch() {
        String[] lines = run(null);
        assertEquals(48, lines.length);
        assertTrue(lines[47].startsWith("frame 47: "), lines[47]);
    }

    @Test
    void framesFromVideoCaptureAreClassified(@TempDir Path dir) {
        // OpenCV's built-in MJPEG/AVI writer and reader need no FFmpeg.
        String video = dir.resolve("clip.avi").toString();
        int frames = 20;
        try (VideoWriter writer = new VideoWriter(video, VideoWriter.fourcc((byte) 'M', (byte) 'J', (byte) 'P', (byte) 'G'),
                10, new Size(96, 64), true)) {
            Assumptions.assumeTrue(writer.isOpened(), "this OpenCV build cannot write MJPEG AVI");
            for (int i = 0; i < frames; i++) {
                try (Mat frame = new Mat(64, 96, opencv_core.CV_8UC3, new Scalar(10 * i, 100, 200 - 5 * i, 0))) {
                    writer.write(frame);
                }
            }
        }
        String[] lines = run(video);
        assertEquals(frames, lines.length, String.join("\n", lines));
        assertTrue(lines[frames - 1].startsWith("frame " + (frames - 1) + ": "));
    }
}
