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
    /** One shot: a shape for some seconds (it drifts a pixel a frame, so frames differ a little). */
    record Shot(Colour colour, Shape shape, double seconds) {
    }

    private TestVideos() {
    }

    static Path write(Path file, int fps, List<Shot> shots) throws Exception {
        int size = 64;
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), size, size, 0);
             OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setVideoQuality(2); // near-lossless: the shapes keep their colours
            recorder.start();
            for (Shot shot : shots) {
                int frames = (int) Math.round(shot.seconds() * fps);
                for (int i = 0; i < frames; i++) {
                    try (PointerScope scope = new PointerScope()) {
                        recorder.record(converter.convert(ShapeFrames.draw(shot.colour(), shot.shape(), size, (i % 6) - 3)));
                    }
                }
            }
            recorder.stop();
        }
        return file;
    }
}
