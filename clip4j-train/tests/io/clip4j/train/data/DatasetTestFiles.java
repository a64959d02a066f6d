package io.clip4j.train.data;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Tiny images and CSV files for the Dataset* tests. */
final class DatasetTestFiles {
    private DatasetTestFiles() {
    }

    /** A 16×12 image of one colour, in the format the file name's extension says. */
    static Path image(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Mat m = new Mat(12, 16, CV_8UC3, new Scalar(40, 120, 200, 0))) {
            if (!imwrite(file.toString(), m)) {
                throw new IllegalStateException("imwrite failed: " + file);
            }
        }
        return file;
    }

    /** A file that is not an image, with an image's extension. */
    static Path garbage(Path file) {
        return write(file, "this is not a PNG");
    }

    /** Writes text as UTF-8. */
    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
