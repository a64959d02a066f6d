package io.clip4j.video;

import io.clip4j.shapes.Colour;
import io.clip4j.shapes.Shape;
import io.clip4j.shapes.ShapeFrames;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;

/** Videos written with FFmpeg's own MPEG-4 encoder, of shapes drawn as the demo model saw them in training. */
final class TestVideos {
    private static final int SIZE = 64;

    /** One shot: a shape for some seconds (it drifts a pixel a frame, so frames differ a little). */
    record Shot(Colour colour, Shape shape, double seconds) {
    }

    /** One frame of a variable-frame-rate video: its shape and when it shows, in whole milliseconds. */
    record TimedFrame(Colour colour, Shape shape, int millis) {
    }

    private TestVideos() {
    }

    /** An MP4 at a constant {@code fps}, with the encoder's default key-frame interval. */
    static Path write(Path file, int fps, List<Shot> shots) throws Exception {
        return write(file, "mp4", fps, 0, shots);
    }

    /**
     * A video in container {@code format} ({@code mp4}, {@code mpegts}, ...) at a constant
     * {@code fps}, with a key frame every {@code gop} frames (0: the encoder's default).
     */
    static Path write(Path file, String format, int fps, int gop, List<Shot> shots) throws Exception {
        return write(file, format, avcodec.AV_CODEC_ID_MPEG4, fps, gop, shots);
    }

    /** As above, with encoder {@code codec} ({@code AV_CODEC_ID_H264} is OpenH264 in the bytedeco build). */
    static Path write(Path file, String format, int codec, int fps, int gop, List<Shot> shots) throws Exception {
        try (FFmpegFrameRecorder recorder = recorder(file, format, codec, fps, gop);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            recorder.start();
            for (Shot shot : shots) {
                int frames = (int) Math.round(shot.seconds() * fps);
                for (int i = 0; i < frames; i++) {
                    try (PointerScope scope = new PointerScope()) {
                        recorder.record(converter.convert(ShapeFrames.draw(shot.colour(), shot.shape(), SIZE, (i % 6) - 3)));
                    }
                }
            }
            recorder.stop();
        }
        return file;
    }

    /**
     * A variable-frame-rate MP4: each frame shows from its own time until the next frame's (the
     * container's time base is a millisecond, so gaps between frames vary freely).
     */
    static Path writeTimed(Path file, List<TimedFrame> frames) throws Exception {
        try (FFmpegFrameRecorder recorder = recorder(file, "mp4", avcodec.AV_CODEC_ID_MPEG4, 1000, 0);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            recorder.start();
            int i = 0;
            for (TimedFrame f : frames) {
                try (PointerScope scope = new PointerScope()) {
                    recorder.setTimestamp(f.millis() * 1000L);
                    recorder.record(converter.convert(ShapeFrames.draw(f.colour(), f.shape(), SIZE, (i++ % 6) - 3)));
                }
            }
            recorder.stop();
        }
        return file;
    }

    private static FFmpegFrameRecorder recorder(Path file, String format, int codec, int fps, int gop) {
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), SIZE, SIZE, 0);
        recorder.setFormat(format);
        recorder.setVideoCodec(codec);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        if (gop > 0) {
            recorder.setGopSize(gop);
        }
        recorder.setVideoQuality(2); // near-lossless: the shapes keep their colours
        return recorder;
    }
}
