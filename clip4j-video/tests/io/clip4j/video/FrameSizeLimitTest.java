package io.clip4j.video;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames over the image pixel limit are refused from the stream's stated size, before one is decoded. */
class FrameSizeLimitTest {
    @TempDir
    Path tmp;

    @Test
    void framesOverOneHundredMegapixelsAreRefusedBeforeDecoding() throws Exception {
        int side = 10_112; // 102 megapixels; one black MJPEG frame is a few hundred kB
        Path video = tmp.resolve("huge.avi");
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(video.toFile(), side, side, 0)) {
            recorder.setFormat("avi");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
            recorder.setFrameRate(1);
            recorder.start();
            Frame black = new Frame(side, side, Frame.DEPTH_UBYTE, 3);
            recorder.record(black);
            recorder.stop();
        }
        assertTrue(Files.size(video) < 20_000_000, "a small file: " + Files.size(video));
        int[] decoded = {0};
        VideoException e = assertThrows(VideoException.class,
                () -> VideoFrames.read(video, Sampling.every(1), false, frame -> {
                    decoded[0]++;
                    frame.close();
                }));
        assertTrue(e.getMessage().contains("10112x10112") && e.getMessage().contains("at most 100 megapixels"), e.getMessage());
        assertTrue(decoded[0] == 0);
    }
}
