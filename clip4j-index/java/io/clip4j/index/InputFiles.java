package io.clip4j.index;

import io.clip4j.image.ImageDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a build covers: named files as they are, directories listed by the build's own kind
 * (images: {@link ImageDecoder#listImages}; the video module lists videos), all as absolute
 * normalised paths, sorted within each directory and without repeats. Also decides which indexed
 * paths a build is responsible for: those under a named directory or equal to a named file.
 */
public final class InputFiles {
    private final List<Path> roots;
    private final List<Path> files;
    private final List<Refused> missing;

    private InputFiles(List<Path> roots, List<Path> files, List<Refused> missing) {
        this.roots = roots;
        this.files = files;
        this.missing = missing;
    }

    /** Walks the inputs for image files. */
    static InputFiles images(List<Path> inputs) {
        return scan(inputs, ImageDecoder::listImages);
    }

    /**
     * Walks the inputs.
     *
     * @param inputs files and directories
     * @param listDirectory the files of the build's kind under a directory, sorted
     * @return what was found
     */
    public static InputFiles scan(List<Path> inputs, java.util.function.Function<Path, List<Path>> listDirectory) {
        List<Path> roots = new ArrayList<>();
        Set<Path> files = new LinkedHashSet<>();
        List<Refused> missing = new ArrayList<>();
        for (Path input : inputs) {
            Path root = input.toAbsolutePath().normalize();
            roots.add(root);
            if (Files.isDirectory(root)) {
                files.addAll(listDirectory.apply(root));
            } else if (Files.isRegularFile(root)) {
                files.add(root);
            } else if (Files.exists(root)) { // reading a pipe or a device would wait forever or never end
                missing.add(new Refused(root, "is not a regular file (a pipe or a device)"));
            } else {
                missing.add(new Refused(root, io.clip4j.internal.MissingPath.describe(root)));
            }
        }
        return new InputFiles(List.copyOf(roots), List.copyOf(files), List.copyOf(missing));
    }

    /** The files found, in walk order. */
    public List<Path> files() {
        return files;
    }

    /** A named input that cannot be read, and why. */
    public record Refused(Path path, String reason) {
        /** {@code PATH: REASON}, the failure line. */
        public String message() {
            return path + ": " + reason;
        }
    }

    /** Named inputs that do not exist or are not regular files. */
    public List<Refused> missing() {
        return missing;
    }

    /** Whether an indexed path lies under one of the inputs (so a build over them owns it). */
    public boolean covers(String indexedPath) {
        Path p = Path.of(indexedPath);
        for (Path root : roots) {
            if (p.startsWith(root)) {
                return true;
            }
        }
        return false;
    }
}
