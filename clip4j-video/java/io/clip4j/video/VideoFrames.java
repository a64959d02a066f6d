package io.clip4j.video;

import io.clip4j.pipeline.HostImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes a video with FFmpeg and hands over the frames a {@link Sampling} picks, as 8-bit BGR
 * copied once into host memory for the batch step, with the stream's rotation applied. A file
 * damaged part-way keeps what was decoded before the damage: {@link Result#stoppedEarly()} says
 * why it stopped.
 */
public final class VideoFrames {
    /** How long a network stream may stall before it is given up, milliseconds. */
    static final int STREAM_TIMEOUT_MILLIS = 15_000;

    /**
     * How a read ended.
     *
     * @param sampled frames handed over
     * @param durationSeconds the length the container states, or 0 when unknown (a live stream)
     * @param stoppedEarly why decoding stopped before the end, or null
     */
    public record Result(int sampled, double durationSeconds, String stoppedEarly) {
    }

    static {
        // FFmpeg writes its own lines to stderr ("moov atom not found", naming no file), beside clip4j's one line
        // that names the file and the cause: keep it quiet
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    private VideoFrames() {
    }

    /**
     * Reads the file {@code video}, feeding each sampled frame to {@code sink} (which must close it).
     *
     * @param pinned page-locked host memory (for a model on a GPU)
     * @throws VideoException when the file cannot be opened as a video at all
     */
    public static Result read(Path video, Sampling sampling, boolean pinned, Consumer<SampledFrame> sink) {
        return read(VideoSource.file(video), sampling, pinned, sink);
    }

    /**
     * Reads {@code source} (a file, a stream, or the caller's grabber), feeding each sampled frame
     * to {@code sink} (which must close it).
     *
     * @param pinned page-locked host memory (for a model on a GPU)
     * @throws VideoException when the source cannot be opened as a video at all
     */
    public static Result read(VideoSource source, Sampling sampling, boolean pinned, Consumer<SampledFrame> sink) {
        if (source.grabber() != null) {
            return sample(source.grabber(), false, sampling, pinned, sink);
        }
        FFmpegFrameGrabber grabber = open(source, sampling);
        try {
            return sample(grabber, source.file() == null, sampling, pinned, sink);
        } finally {
            closeQuietly(grabber);
        }
    }

    /** Opens a file or stream for BGR frames; key frames only are decoded when that is all the sampling takes. */
    private static FFmpegFrameGrabber open(VideoSource source, Sampling sampling) {
        Path file = source.file();
        FFmpegFrameGrabber grabber;
        if (file != null) {
            requireReadableFile(file);
            grabber = new FFmpegFrameGrabber(file.toFile());
        } else {
            grabber = new FFmpegFrameGrabber(source.name());
            grabber.setTimeout(STREAM_TIMEOUT_MILLIS);
            // JavaCV's timeout covers opening only; FFmpeg's rw_timeout bounds every read of the protocol, so a
            // server that stalls before its headers or mid-stream is given up too (microseconds)
            grabber.setOption("rw_timeout", String.valueOf(STREAM_TIMEOUT_MILLIS * 1000L));
        }
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        if (source.decoder() != null) {
            var codec = avcodec.avcodec_find_decoder_by_name(source.decoder());
            if (codec == null || codec.isNull()) {
                throw new VideoException(source.name(), "cannot be decoded with '" + source.decoder()
                        + "': this FFmpeg build has no decoder of that name", null);
            }
            grabber.setVideoCodecName(source.decoder());
        }
        if (sampling.keyframesOnly()) {
            grabber.setVideoOption("skip_frame", "nokey"); // the decoder drops the frames between key frames unseen
        }
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(grabber);
            String how = source.decoder() == null ? "" : " with decoder '" + source.decoder() + "'";
            throw new VideoException(source.name(), (file != null ? "is not a video FFmpeg can open" + how + ": "
                    : "cannot be opened as a video stream" + how + ": ") + withoutJavaCvHint(e.getMessage()), e);
        }
        if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0) {
            closeQuietly(grabber);
            throw new VideoException(source.name(), "has no video stream", null);
        }
        // the stream states its frame size: refuse what images over the same limit are refused for, before a
        // frame is decoded (four 16000x16000 frames of a 3 MB file decoded to 7.1 GB)
        int width = grabber.getImageWidth();
        int height = grabber.getImageHeight();
        long pixels = (long) width * height;
        if (pixels > io.clip4j.image.DecodeOptions.DEFAULT_MAX_PIXELS) {
            closeQuietly(grabber);
            throw new VideoException(source.name(), "has " + width + "x" + height
                    + " frames (" + pixels / 1_000_000 + " megapixels); clip4j decodes frames of at most "
                    + io.clip4j.image.DecodeOptions.DEFAULT_MAX_PIXELS / 1_000_000 + " megapixels, as for images", null);
        }
        return grabber;
    }

    private static final java.util.regex.Pattern AV_ERROR = java.util.regex.Pattern.compile("error (-\\d+)");

    /**
     * JavaCV's message without the hints for its own API ("Has setFormat() been called?", "make sure
     * FFmpegLogCallback.set() has been called"), which mislead a user who gave a file, and with FFmpeg's
     * words for the error code (the log lines that said it are silenced).
     */
    static String withoutJavaCvHint(String message) {
        if (message == null) {
            return null;
        }
        String m = message.replace(" (Has setFormat() been called?)", "")
                .replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "").strip();
        var code = AV_ERROR.matcher(m);
        if (code.find()) {
            byte[] text = new byte[256];
            if (avutil.av_strerror(Integer.parseInt(code.group(1)), text, text.length) == 0) {
                String words = new String(text, java.nio.charset.StandardCharsets.UTF_8).replace("\0", " ").strip();
                m = m.endsWith(".") ? m.substring(0, m.length() - 1) + " (" + words + ")" : m + " (" + words + ")";
            }
        }
        return m;
    }

    private static void requireReadableFile(Path video) {
        if (!Files.isRegularFile(video)) {
            throw new VideoException(video, Files.exists(video) ? "is not a file" : "does not exist", null);
        }
        try {
            if (Files.size(video) == 0) {
                throw new VideoException(video, "is empty (0 bytes)", null);
            }
        } catch (IOException e) {
            throw new VideoException(video, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** {@code stream}: a network stream this class opened, whose reads the stall timeout bounds. */
    private static Result sample(FrameGrabber grabber, boolean stream, Sampling sampling, boolean pinned,
                                 Consumer<SampledFrame> sink) {
        int sampled = 0;
        String stopped = null;
        FFmpegFrameGrabber ffmpeg = grabber instanceof FFmpegFrameGrabber f ? f : null;
        double duration = ffmpeg == null ? 0 : Math.max(0, ffmpeg.getLengthInTime() / 1e6);
        double rotation = ffmpeg == null ? 0 : ffmpeg.getDisplayRotation();
        try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            double next = 0;
            boolean stalled = false;
            double lastSeconds = -1;
            while (true) {
                Frame frame;
                long asked = System.nanoTime();
                try {
                    frame = ffmpeg != null ? ffmpeg.grabImage() : grabber.grab();
                } catch (FrameGrabber.Exception | RuntimeException e) {
                    stopped = "decoding stopped after " + sampled + " sampled frames: " + e.getMessage();
                    break;
                }
                // FFmpeg reports a read that timed out as the end of the stream (after the frames its decoder still
                // holds): a read that waited the whole stall timeout makes the end that follows a stall
                stalled |= stream && System.nanoTime() - asked >= (STREAM_TIMEOUT_MILLIS - 500) * 1_000_000L;
                if (frame == null) {
                    if (stalled) {
                        stopped = "the stream stalled for " + STREAM_TIMEOUT_MILLIS / 1000 + " s after " + sampled + " sampled frames";
                    }
                    break;
                }
                double seconds = frame.timestamp / 1e6;
                if (frame.image != null) {
                    lastSeconds = Math.max(lastSeconds, seconds);
                }
                boolean wanted = sampling.keyframesOnly() ? frame.keyFrame : seconds + 1e-6 >= next;
                if (!wanted || frame.image == null) {
                    continue;
                }
                try (PointerScope scope = new PointerScope()) {
                    Mat bgr = bgr(converter.convert(frame));
                    if (bgr.type() != opencv_core.CV_8UC3) { // a damaged stream can decode to anything; this file ends here
                        stopped = "decoding stopped after " + sampled + " sampled frames: a frame decoded as OpenCV type "
                                + bgr.type() + " (" + bgr.channels() + " channels), not 8-bit BGR";
                        break;
                    }
                    sink.accept(new SampledFrame(seconds, HostImage.copyOf(upright(bgr, rotation), pinned)));
                }
                sampled++;
                if (!sampling.keyframesOnly()) {
                    double step = sampling.everySeconds();
                    next = (Math.floor(seconds / step + 1e-9) + 1) * step;
                }
            }
            if (stopped == null && !stream && ffmpeg != null) {
                stopped = endedBeforeItsLength(ffmpeg, lastSeconds);
            }
        }
        return new Result(sampled, duration, stopped);
    }

    /**
     * A file whose frames end well before the length it states was cut or damaged: FFmpeg reports that as a
     * plain end of file (a two-shape video cut after 6,000 bytes gave one shot and no error). The video
     * stream's own duration is used where the file gives it; the container's only without audio, which may
     * run longer than the picture.
     */
    private static String endedBeforeItsLength(FFmpegFrameGrabber ffmpeg, double lastSeconds) {
        double stated = 0;
        var context = ffmpeg.getFormatContext();
        if (context != null && ffmpeg.getVideoStream() >= 0) {
            var videoStream = context.streams(ffmpeg.getVideoStream());
            if (videoStream.duration() != avutil.AV_NOPTS_VALUE && videoStream.duration() > 0) {
                stated = videoStream.duration() * avutil.av_q2d(videoStream.time_base());
            } else if (ffmpeg.getAudioChannels() == 0) {
                stated = Math.max(0, ffmpeg.getLengthInTime() / 1e6);
            }
        }
        double frame = ffmpeg.getFrameRate() > 0 ? 1 / ffmpeg.getFrameRate() : 0.04;
        double slack = Math.max(0.5, 3 * frame);
        if (stated <= 0 || lastSeconds + slack >= stated) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "decoding stopped at %.2f s of the %.2f s the file states (cut short or "
                + "damaged); the shots before it are kept", Math.max(0, lastSeconds), stated);
    }

    /** A caller's grabber may deliver grey or BGRA frames; the batch step takes 8-bit BGR. */
    private static Mat bgr(Mat frame) {
        int code = switch (frame.channels()) {
            case 1 -> opencv_imgproc.COLOR_GRAY2BGR;
            case 4 -> opencv_imgproc.COLOR_BGRA2BGR;
            default -> -1;
        };
        if (code < 0) {
            return frame;
        }
        Mat out = new Mat();
        opencv_imgproc.cvtColor(frame, out, code);
        return out;
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
