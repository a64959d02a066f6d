package io.clip4j.index;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import io.clip4j.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.global.opencv_core;

/** Helpers shared by the index tests: fixture copies, generated images, random unit vectors. */
final class IndexTestSupport {
    static final Path IMAGES = Fixtures.TINY_CLIP.resolve("images");

    private IndexTestSupport() {
    }

    /** The fixture images as absolute paths, sorted. */
    static List<Path> fixtureImages() {
        try (Stream<Path> files = Files.list(IMAGES)) {
            return files.map(p -> p.toAbsolutePath().normalize()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the named fixture images into {@code dir}; returns the copies. */
    static List<Path> copyImages(Path dir, String... names) throws IOException {
        Files.createDirectories(dir);
        List<Path> copies = new ArrayList<>();
        for (String name : names) {
            copies.add(Files.copy(IMAGES.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING)
                    .toAbsolutePath().normalize());
        }
        return copies;
    }

    /** A {@code size}×{@code size} BGR image of random bytes, for the caller (or its scope) to free. */
    static Mat noise(int size, Random random) {
        Mat image = new Mat(size, size, opencv_core.CV_8UC3);
        byte[] pixels = new byte[size * size * 3];
        random.nextBytes(pixels);
        image.data().put(pixels);
        return image;
    }

    /** Writes {@code count} small random-noise images named {@code noise_NNNN.EXT} into {@code dir}. */
    static List<Path> noiseImages(Path dir, int count, int size, long seed, String ext) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            try (PointerScope scope = new PointerScope()) {
                Path file = dir.resolve(String.format("noise_%04d.%s", i, ext)).toAbsolutePath().normalize();
                if (!imwrite(file.toString(), noise(size, random))) {
                    throw new IOException("could not write " + file);
                }
                files.add(file);
            }
        }
        return files;
    }

    /** {@code count} random unit vectors of width {@code dim}. */
    static float[][] unitVectors(int count, int dim, long seed) {
        Random random = new Random(seed);
        float[][] out = new float[count][dim];
        for (float[] v : out) {
            double sum = 0;
            for (int d = 0; d < dim; d++) {
                v[d] = (float) random.nextGaussian();
                sum += v[d] * v[d];
            }
            float inv = (float) (1 / Math.sqrt(sum));
            for (int d = 0; d < dim; d++) {
                v[d] *= inv;
            }
        }
        return out;
    }

    /** An identity for vectors that come from no model. */
    static ModelIdentity randomModel(int dim) {
        return new ModelIdentity("random", "/nowhere", "0".repeat(64), dim);
    }
}
