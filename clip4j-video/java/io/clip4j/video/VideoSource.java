package io.clip4j.video;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Where frames come from: a local file, a network stream FFmpeg opens (RTSP, HTTP(S), RTMP, SRT,
 * UDP: anything written as {@code scheme://...}), or a grabber the caller already runs (their
 * own {@code FFmpegFrameGrabber}, a camera), which is read but neither started nor closed here.
 */
public final class VideoSource {
    private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.+");

    private final String name;
    private final Path file;
    private final FrameGrabber grabber;
    private final String decoder;

    private VideoSource(String name, Path file, FrameGrabber grabber, String decoder) {
        this.name = name;
        this.file = file;
        this.grabber = grabber;
        this.decoder = decoder;
    }

    /** A file path, or a stream when {@code location} is a URL ({@code rtsp://}, {@code http://}, ...). */
    public static VideoSource of(String location) {
        Objects.requireNonNull(location, "location");
        return URL.matcher(location).matches() ? new VideoSource(location, null, null, null) : file(Path.of(location));
    }

    /** A local file. */
    public static VideoSource file(Path video) {
        return new VideoSource(video.toString(), video, null, null);
    }

    /**
     * Frames from a grabber the caller has started; it is read to its end (or until it fails) and
     * left open.
     *
     * @param name how results and messages name it
     */
    public static VideoSource grabber(FrameGrabber started, String name) {
        return new VideoSource(Objects.requireNonNull(name, "name"), null, Objects.requireNonNull(started, "grabber"), null);
    }

    /**
     * The same file or stream decoded by FFmpeg's decoder {@code name} instead of the default one:
     * e.g. {@code h264_cuvid} or {@code hevc_cuvid} for NVDEC on an NVIDIA GPU (compiled into the
     * bytedeco FFmpeg build; they need the NVIDIA driver at run time), {@code libdav1d} or
     * {@code libaom-av1} for AV1.
     *
     * @throws IllegalStateException for a caller's grabber, which decodes as the caller set it up
     */
    public VideoSource withDecoder(String name) {
        if (grabber != null) {
            throw new IllegalStateException("a caller's grabber decodes as the caller set it up");
        }
        return new VideoSource(this.name, file, null, Objects.requireNonNull(name, "decoder"));
    }

    /** The FFmpeg decoder asked for, or null for FFmpeg's default. */
    String decoder() {
        return decoder;
    }

    /** How results and messages name the video: the path, the URL, or the caller's name. */
    public String name() {
        return name;
    }

    /** The file, or null for a stream or a caller's grabber. */
    Path file() {
        return file;
    }

    /** The caller's grabber, or null. */
    FrameGrabber grabber() {
        return grabber;
    }

    @Override
    public String toString() {
        return name;
    }
}
