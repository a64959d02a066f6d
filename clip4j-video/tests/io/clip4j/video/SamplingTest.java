package io.clip4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.shapes.Colour;
import io.clip4j.shapes.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampling rules on videos whose frame times are known: the first frame at or after each
 * step, a target frame rate as a step of 1/fps, key frames only, and variable frame rates.
 */
class SamplingTest {
    @TempDir
    Path tmp;

    private static List<Double> sampledTimes(VideoSource source, Sampling sampling) {
        List<Double> times = new ArrayList<>();
        VideoFrames.read(source, sampling, false, frame -> {
            times.add(frame.seconds());
            frame.close();
        });
        return times;
    }

    /** What the rule picks from {@code frameTimes}: the first at or after each multiple of {@code step}. */
    private static List<Double> expected(List<Double> frameTimes, double step) {
        List<Double> out = new ArrayList<>();
        double next = 0;
        for (double t : frameTimes) {
            if (t + 1e-6 >= next) {
                out.add(t);
                next = (Math.floor(t / step + 1e-9) + 1) * step;
            }
        }
        return out;
    }

    private static void assertTimes(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size(), "expected " + expected + " but got " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-3, "frame " + i + " of " + actual);
        }
    }

    @Test
    void aTargetFrameRateIsAStepOfOneOverFps() throws Exception {
        Path video = TestVideos.write(tmp.resolve("cfr.mp4"), 25, List.of(new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 3)));
        List<Double> all = new ArrayList<>();
        for (int i = 0; i < 75; i++) {
            all.add(i / 25.0);
        }
        assertTimes(expected(all, 0.5), sampledTimes(VideoSource.file(video), Sampling.fps(2)));
        assertTimes(all, sampledTimes(VideoSource.file(video), Sampling.fps(25)));
        assertTimes(expected(all, 0.3), sampledTimes(VideoSource.file(video), Sampling.every(0.3)));
        assertThrows(IllegalArgumentException.class, () -> Sampling.fps(0));
        assertThrows(IllegalArgumentException.class, () -> Sampling.every(-1));
    }

    @Test
    void keyFramesOnlyGivesTheKeyFramesTheEncoderPlaced() throws Exception {
        Path video = TestVideos.write(tmp.resolve("gop.mp4"), "mp4", 25, 20, List.of(
                new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 2), new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 2)));
        List<Double> keyframes = sampledTimes(VideoSource.file(video), Sampling.keyframes());
        assertTimes(List.of(0.0, 0.8, 1.6, 2.4, 3.2), keyframes);
    }

    @Test
    void variableFrameRateFramesAreSampledByTheirOwnTimes() throws Exception {
        List<TestVideos.TimedFrame> frames = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        int millis = 0;
        for (int i = 0; i < 40; i++) { // 40 frames, 20 ms apart, then 12 frames 170 ms apart, then 10 at 33 ms
            millis = i * 20;
            frames.add(new TestVideos.TimedFrame(Colour.RED, Shape.CIRCLE, millis));
        }
        for (int i = 1; i <= 12; i++) {
            frames.add(new TestVideos.TimedFrame(Colour.BLUE, Shape.SQUARE, millis + i * 170));
        }
        millis += 12 * 170;
        for (int i = 1; i <= 10; i++) {
            frames.add(new TestVideos.TimedFrame(Colour.YELLOW, Shape.TRIANGLE, millis + i * 33));
        }
        frames.forEach(f -> times.add(f.millis() / 1000.0));
        Path video = TestVideos.writeTimed(tmp.resolve("vfr.mp4"), frames);
        assertTimes(times, sampledTimes(VideoSource.file(video), Sampling.every(0.001)));
        assertTimes(expected(times, 0.25), sampledTimes(VideoSource.file(video), Sampling.every(0.25)));
    }

    /** A grabber the caller started is read to its end and left open; it gives what the file gives. */
    @Test
    void aCallersOwnGrabberIsSampledLikeTheFile() throws Exception {
        Path video = TestVideos.write(tmp.resolve("own.mp4"), 25, List.of(new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 2)));
        List<Double> fromFile = sampledTimes(VideoSource.file(video), Sampling.every(0.25));
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.start();
            assertTimes(fromFile, sampledTimes(VideoSource.grabber(grabber, "camera 0"), Sampling.every(0.25)));
            assertTrue(grabber.getLengthInTime() > 0, "still open");
        }
    }

    /**
     * A decoder named by the caller is used: on an H.264 file, OpenH264's decoder gives the frames
     * FFmpeg's own gives; an unknown name is refused, and NVDEC without an NVIDIA driver fails by name.
     */
    @Test
    void aNamedDecoderIsUsedOrRefusedByName() throws Exception {
        Path video = TestVideos.write(tmp.resolve("h264.mp4"), "mp4", org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264, 25, 0,
                List.of(new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 1)));
        List<Double> plain = sampledTimes(VideoSource.file(video), Sampling.every(0.2));
        assertEquals(5, plain.size(), plain.toString());
        assertTimes(plain, sampledTimes(VideoSource.file(video).withDecoder("libopenh264"), Sampling.every(0.2)));
        VideoException unknown = assertThrows(VideoException.class,
                () -> sampledTimes(VideoSource.file(video).withDecoder("no_such_decoder"), Sampling.every(1)));
        assertEquals(video + ": cannot be decoded with 'no_such_decoder': this FFmpeg build has no decoder of that name",
                unknown.getMessage());
        if (!new java.io.File("/dev/nvidiactl").exists()) {
            VideoException noGpu = assertThrows(VideoException.class,
                    () -> sampledTimes(VideoSource.file(video).withDecoder("h264_cuvid"), Sampling.every(1)));
            assertTrue(noGpu.getMessage().startsWith(video + ": is not a video FFmpeg can open with decoder 'h264_cuvid'"),
                    noGpu.getMessage());
        }
    }
}
