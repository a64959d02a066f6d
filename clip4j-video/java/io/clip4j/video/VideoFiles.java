package io.clip4j.video;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Which files are videos (by extension) and where they are under a directory. */
public final class VideoFiles {
    /** Extensions {@link #isVideoFile(Path)} accepts, lower case. */
    public static final Set<String> EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg", "ts", "wmv", "flv");

    private VideoFiles() {
    }

    /** Whether the file name has a video extension. */
    public static boolean isVideoFile(Path p) {
        if (p == null || p.getFileName() == null) {
            return false;
        }
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * The video files under {@code directory}, recursively, sorted so that runs are repeatable.
     *
     * @throws UncheckedIOException naming the directory if it cannot be listed
     */
    public static java.util.List<Path> list(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).filter(VideoFiles::isVideoFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot list " + directory + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
