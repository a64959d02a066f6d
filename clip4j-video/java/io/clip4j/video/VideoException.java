package io.clip4j.video;

import io.clip4j.ClipException;
import java.nio.file.Path;

/**
 * A video cannot be read at all: missing, empty, not a format FFmpeg opens, without a video
 * stream, or a stream that cannot be reached. The message starts with the video's path or URL.
 */
public class VideoException extends ClipException {
    private static final long serialVersionUID = 1L;

    private final String video;

    /** A problem with {@code video} (a path or URL), worded to follow its name. */
    public VideoException(String video, String problem, Throwable cause) {
        super(video + ": " + problem, cause);
        this.video = video;
    }

    /** A problem with the file {@code video}. */
    public VideoException(Path video, String problem, Throwable cause) {
        this(video.toString(), problem, cause);
    }

    /** The video at fault: its path or URL. */
    public String video() {
        return video;
    }
}
