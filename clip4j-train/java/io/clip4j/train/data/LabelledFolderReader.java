package io.clip4j.train.data;

import io.clip4j.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the {@code root/<label>/<image>} layout that image-classification datasets ship in, so that
 * they can be used for linear probes and fine-tuning without writing a CSV. Folders and files are
 * taken in name order, so the same tree always gives the same rows.
 */
final class LabelledFolderReader {

    RawRows read(Path root) {
        if (!Files.exists(root)) {
            throw new DatasetException(root, "does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root, "is not a directory (expected root/<label>/<image> folders)");
        }
        Path base = root.toAbsolutePath().normalize();
        List<Row> rows = new ArrayList<>();
        for (Path folder : list(root, Files::isDirectory)) {
            String label = folder.getFileName().toString();
            if (label.startsWith(".")) {
                continue;
            }
            String caption = captionOf(label);
            for (Path image : list(folder, p -> Files.isRegularFile(p) && ImageDecoder.isImageFile(p))) {
                String relative = root.relativize(image).toString();
                rows.add(new Row(0, relative, caption, label));
            }
        }
        if (rows.isEmpty()) {
            throw new DatasetException(root, "holds no images in label folders (expected root/<label>/*.jpg|jpeg|png|webp|bmp|tif|tiff)");
        }
        return new RawRows(root, base, rows.size(), rows, List.of());
    }

    /** {@code golden_retriever} and {@code golden-retriever} both read as {@code "golden retriever"}. */
    static String captionOf(String label) {
        return label.replace('_', ' ').replace('-', ' ').replaceAll("\\s+", " ").strip();
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(keep).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(dir, "cannot be listed: " + e.getMessage(), e);
        }
    }
}
