package io.clip4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.pipeline.HostImagePixels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream stored 64×32 (red left half, blue right half) whose display matrix says "turn 90°
 * counter-clockwise" (JavaCV's {@code setDisplayRotation(90)}; the grabber reads 90 back; ffmpeg's
 * own autorotate turns such a stream counter-clockwise too) comes out as a player shows it:
 * 32 wide, 64 high, blue on top and red below.
 */
class RotationTest {
    @TempDir
    Path tmp;

    @Test
    void theDisplayRotationIsApplied() throws Exception {
        Path file = tmp.resolve("rotated.mp4");
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 64, 32, 0);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
             PointerScope scope = new PointerScope()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(25);
            recorder.setVideoQuality(2);
            recorder.setDisplayRotation(90);
            recorder.start();
            Mat frame = new Mat(32, 64, org.bytedeco.opencv.global.opencv_core.CV_8UC3, new Scalar(200, 30, 30, 0)); // blue (BGR)
            new Mat(frame, new Rect(0, 0, 32, 32)).put(new Scalar(30, 30, 200, 0)); // red left half
            for (int i = 0; i < 10; i++) {
                recorder.record(converter.convert(frame));
            }
            recorder.stop();
        }
        List<byte[]> pixels = new ArrayList<>();
        List<int[]> sizes = new ArrayList<>();
        VideoFrames.read(file, Sampling.every(1.0), false, sampled -> {
            try (sampled) {
                sizes.add(new int[] {sampled.image().width(), sampled.image().height()});
                pixels.add(HostImagePixels.bgr(sampled.image()));
            }
        });
        assertEquals(32, sizes.get(0)[0], "width after turning");
        assertEquals(64, sizes.get(0)[1], "height after turning");
        byte[] bgr = pixels.get(0);
        int top = (8 * 32 + 16) * 3;    // x 16, y 8
        int bottom = (56 * 32 + 16) * 3; // x 16, y 56
        assertTrue((bgr[top] & 0xFF) > 150 && (bgr[top + 2] & 0xFF) < 80, "top is blue: " + rgb(bgr, top));
        assertTrue((bgr[bottom + 2] & 0xFF) > 150 && (bgr[bottom] & 0xFF) < 80, "bottom is red: " + rgb(bgr, bottom));
    }

    private static String rgb(byte[] bgr, int at) {
        return "BGR(" + (bgr[at] & 0xFF) + "," + (bgr[at + 1] & 0xFF) + "," + (bgr[at + 2] & 0xFF) + ")";
    }
}
