package io.clip4j.video;

import io.clip4j.pipeline.HostImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes a video file with FFmpeg and hands over one frame every {@code everySeconds} of
 * presentation time (the first frame at or after each step), as 8-bit BGR copied once into host
 * memory for the batch step, with the stream's rotation applied. A file damaged part-way keeps
 * what was decoded before the damage: {@link Result#stoppedEarly()} says why it stopped.
 */
public final class VideoFrames {
    /** How a read ended. */
    public record Result(int sampled, double durationSeconds, String stoppedEarly) {
    }

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // FFmpeg describes every input on stderr at its default level
    }

    private VideoFrames() {
    }

    /**
     * Reads {@code video}, feeding each sampled frame to {@code sink} (which must close it).
     *
     * @param pinned page-locked host memory (for a model on a GPU)
     * @throws VideoException when the file cannot be opened as a video at all
     */
    public static Result read(Path video, double everySeconds, boolean pinned, Consumer<SampledFrame> sink) {
        if (!(everySeconds > 0)) {
            throw new IllegalArgumentException("everySeconds must be positive, not " + everySeconds);
        }
        if (!Files.isRegularFile(video)) {
            throw new VideoException(video, Files.exists(video) ? "is not a file" : "does not exist", null);
        }
        try {
            if (Files.size(video) == 0) {
                throw new VideoException(video, "is empty (0 bytes)", null);
            }
        } catch (java.io.IOException e) {
            throw new VideoException(video, "cannot be read: " + e.getMessage(), e);
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(grabber);
            throw new VideoException(video, "is not a video FFmpeg can open: " + e.getMessage(), e);
        }
        if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0) {
            closeQuietly(grabber);
            throw new VideoException(video, "has no video stream", null);
        }
        int sampled = 0;
        String stopped = null;
        double duration = grabber.getLengthInTime() / 1e6;
        double rotation = grabber.getDisplayRotation();
        try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            double next = 0;
            while (true) {
                Frame frame;
                try {
                    frame = grabber.grabImage();
                } catch (FrameGrabber.Exception | RuntimeException e) {
                    stopped = "decoding stopped after " + sampled + " sampled frames: " + e.getMessage();
                    break;
                }
                if (frame == null) {
                    break;
                }
                double seconds = frame.timestamp / 1e6;
                if (seconds + 1e-6 < next || frame.image == null) {
                    continue;
                }
                try (PointerScope scope = new PointerScope()) {
                    Mat bgr = upright(converter.convert(frame), rotation);
                    sink.accept(new SampledFrame(seconds, HostImage.copyOf(bgr, pinned)));
                }
                sampled++;
                next = (Math.floor(seconds / everySeconds + 1e-9) + 1) * everySeconds;
            }
        } finally {
            closeQuietly(grabber);
        }
        return new Result(sampled, duration, stopped);
    }

    /** Applies the display-matrix rotation (degrees, counter-clockwise in FFmpeg's convention). */
    private static Mat upright(Mat frame, double rotation) {
        int quarter = (int) Math.round(((rotation % 360) + 360) % 360 / 90) % 4;
        if (quarter == 0) {
            return frame;
        }
        Mat turned = new Mat();
        int code = switch (quarter) {
            case 1 -> opencv_core.ROTATE_90_COUNTERCLOCKWISE;
            case 2 -> opencv_core.ROTATE_180;
            default -> opencv_core.ROTATE_90_CLOCKWISE;
        };
        opencv_core.rotate(frame, turned, code);
        return turned;
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // nothing left to release
        }
    }
}
