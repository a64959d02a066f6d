package io.clip4j.index;

import io.clip4j.image.ImageDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The image files a build covers: named files as they are, directories walked recursively for
 * image extensions ({@link ImageDecoder#isImageFile}), all as absolute normalised paths, sorted
 * within each directory and without repeats. Also decides which indexed paths a build is
 * responsible for: those under a named directory or equal to a named file.
 */
final class ImageFiles {
    private final List<Path> roots;
    private final List<Path> files;
    private final List<Path> missing;

    private ImageFiles(List<Path> roots, List<Path> files, List<Path> missing) {
        this.roots = roots;
        this.files = files;
        this.missing = missing;
    }

    /** Walks the inputs. */
    static ImageFiles scan(List<Path> inputs) {
        List<Path> roots = new ArrayList<>();
        Set<Path> files = new LinkedHashSet<>();
        List<Path> missing = new ArrayList<>();
        for (Path input : inputs) {
            Path root = input.toAbsolutePath().normalize();
            roots.add(root);
            if (Files.isDirectory(root)) {
                files.addAll(ImageDecoder.listImages(root));
            } else if (Files.exists(root)) {
                files.add(root);
            } else {
                missing.add(root);
            }
        }
        return new ImageFiles(List.copyOf(roots), List.copyOf(files), List.copyOf(missing));
    }

    /** The files found, in walk order. */
    List<Path> files() {
        return files;
    }

    /** Named inputs that do not exist. */
    List<Path> missing() {
        return missing;
    }

    /** Whether an indexed path lies under one of the inputs (so a build over them owns it). */
    boolean covers(String indexedPath) {
        Path p = Path.of(indexedPath);
        for (Path root : roots) {
            if (p.startsWith(root)) {
                return true;
            }
        }
        return false;
    }
}
