package io.clip4j.train.probe;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * A small labelled image set drawn with OpenCV: three classes whose background is a clearly
 * different colour (red, green, blue, each shade jittered per image), each image with a grey
 * circle and a grey square of random size and place as distractors, so no two images are alike.
 */
public final class ProbeImages {
    /** The class labels, in sorted order (as a dataset reports them). */
    public static final List<String> LABELS = List.of("blue", "green", "red");

    private ProbeImages() {
    }

    /**
     * Writes {@code perClass} PNGs per label under {@code root/<label>/} (a labelled folder) and
     * returns their paths, label by label.
     */
    public static List<Path> folder(Path root, int perClass, long seed) {
        Random random = new Random(seed);
        List<Path> written = new ArrayList<>();
        for (String label : LABELS) {
            for (int i = 0; i < perClass; i++) {
                written.add(draw(root.resolve(label).resolve(label + "_" + i + ".png"), label, random));
            }
        }
        return written;
    }

    /** Writes the same kind of set and a CSV {@code path,caption,label} describing it; returns the CSV. */
    public static Path csv(Path dir, int perClass, long seed) {
        List<Path> images = folder(dir.resolve("images"), perClass, seed);
        StringBuilder csv = new StringBuilder("path,caption,label\n");
        for (Path image : images) {
            String label = image.getParent().getFileName().toString();
            csv.append(dir.relativize(image)).append(",a ").append(label).append(" picture,").append(label).append('\n');
        }
        Path file = dir.resolve("train.csv");
        try {
            Files.writeString(file, csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Draws one image of {@code label} to {@code file}. */
    static Path draw(Path file, String label, Random random) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int high = 180 + random.nextInt(60);
        int low = random.nextInt(50);
        // OpenCV colours are BGR.
        Scalar background = switch (label) {
            case "blue" -> new Scalar(high, low, low + random.nextInt(20), 0);
            case "green" -> new Scalar(low, high, low + random.nextInt(20), 0);
            case "red" -> new Scalar(low + random.nextInt(20), low, high, 0);
            default -> throw new IllegalArgumentException(label);
        };
        int width = 64 + random.nextInt(32);
        int height = 64 + random.nextInt(32);
        try (Mat m = new Mat(height, width, CV_8UC3, background)) {
            int grey = 60 + random.nextInt(140);
            circle(m, new Point(random.nextInt(width), random.nextInt(height)), 4 + random.nextInt(10),
                    new Scalar(grey, grey, grey, 0), FILLED, 8, 0);
            int size = 4 + random.nextInt(14);
            rectangle(m, new Rect(random.nextInt(width - size), random.nextInt(height - size), size, size),
                    new Scalar(255 - grey, 255 - grey, 255 - grey, 0), FILLED, 8, 0);
            if (!imwrite(file.toString(), m)) {
                throw new IllegalStateException("imwrite failed: " + file);
            }
        }
        return file;
    }
}
