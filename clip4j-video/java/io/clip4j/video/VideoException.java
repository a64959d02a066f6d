package io.clip4j.video;

import io.clip4j.BadFileException;
import java.nio.file.Path;

/** A video cannot be read at all: missing, empty, not a format FFmpeg opens, or without a video stream. */
public class VideoException extends BadFileException {
    private static final long serialVersionUID = 1L;

    /** A problem with {@code video}, worded to follow its name. */
    public VideoException(Path video, String problem, Throwable cause) {
        super(video, problem, cause);
    }
}
