package io.clip4j.video;

import io.clip4j.internal.FilesByExtension;
import java.nio.file.Path;
import java.util.Set;

/** Which files are videos (by extension) and where they are under a directory. */
public final class VideoFiles {
    /** Extensions {@link #isVideoFile(Path)} accepts, lower case. */
    public static final Set<String> EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg", "ts", "wmv", "flv");

    private VideoFiles() {
    }

    /** Whether the file name has a video extension. */
    public static boolean isVideoFile(Path p) {
        return FilesByExtension.matches(p, EXTENSIONS);
    }

    /**
     * The video files under {@code directory}, recursively, sorted so that runs are repeatable.
     *
     * @throws java.io.UncheckedIOException naming the directory if it cannot be listed
     */
    public static java.util.List<Path> list(Path directory) {
        return FilesByExtension.listUnder(directory, EXTENSIONS);
    }
}
