package io.clip4j.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Files picked by the extension of their name: the one rule for images and videos alike. */
public final class FilesByExtension {
    private FilesByExtension() {
    }

    /** Whether {@code p}'s file name ends in {@code .EXT} for one of {@code extensions} (lower case; any case in the name). */
    public static boolean matches(Path p, Set<String> extensions) {
        if (p == null || p.getFileName() == null) {
            return false;
        }
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && extensions.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * The regular files under {@code directory}, recursively, that {@link #matches} accepts,
     * sorted so that runs are repeatable.
     *
     * @throws UncheckedIOException naming the directory if it cannot be listed
     */
    public static List<Path> listUnder(Path directory, Set<String> extensions) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).filter(p -> matches(p, extensions)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) { // a subdirectory that could not be read during the walk
            throw new UncheckedIOException("cannot list " + directory + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
