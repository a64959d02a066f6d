package io.clip4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.clip4j.image.ImageDecodeException;
import io.clip4j.zeroshot.Classification;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Files, bytes and BufferedImages give the same embeddings and classes as the OpenCV frames they hold. */
class SimpleApiTest {
    private static final Path IMAGES = Fixtures.TINY_CLIP.resolve("images");
    /** RGB, RGBA (alpha dropped) and 8-bit grey PNGs. */
    private static final List<String> NAMES = List.of("chelsea.png", "rgba_noise.png", "gray_ramp.png");
    private static ClipModel clip;

    @BeforeAll
    static void load() {
        clip = ClipModel.load(Fixtures.TINY_CLIP);
    }

    @AfterAll
    static void unload() {
        clip.close();
    }

    private static float[] viaMat(String name) {
        try (PointerScope scope = new PointerScope();
             Embeddings e = clip.embedImages(List.of(new io.clip4j.image.ImageDecoder().decode(IMAGES.resolve(name))))) {
            return e.row(0);
        }
    }

    @Test
    void filesBytesAndBufferedImagesMatchTheMatPath() throws Exception {
        List<Path> files = new ArrayList<>();
        NAMES.forEach(n -> files.add(IMAGES.resolve(n)));
        try (Embeddings all = clip.embedImageFiles(files)) {
            for (int i = 0; i < NAMES.size(); i++) {
                String name = NAMES.get(i);
                float[] expected = viaMat(name);
                Fixtures.assertClose(expected, all.row(i), 1e-5, "file " + name);
                try (Embeddings bytes = clip.embedImage(Files.readAllBytes(IMAGES.resolve(name)))) {
                    Fixtures.assertClose(expected, bytes.row(0), 1e-5, "bytes " + name);
                }
                BufferedImage awt = ImageIO.read(IMAGES.resolve(name).toFile());
                try (Embeddings fromAwt = clip.embedImage(awt)) {
                    Fixtures.assertClose(expected, fromAwt.row(0), 1e-5, "BufferedImage " + name + " type " + awt.getType());
                }
            }
        }
    }

    @Test
    void theSimpleApiRepeatedKeepsNativeMemoryFlat() throws Exception {
        Path file = IMAGES.resolve("coffee.png");
        byte[] bytes = Files.readAllBytes(file);
        BufferedImage awt = ImageIO.read(file.toFile());
        try (ZeroShotClassifier classifier = clip.classifier(List.of("a cat", "a dog"))) {
            Runnable once = () -> {
                classifier.classify(file);
                classifier.classify(bytes);
                classifier.classify(awt);
            };
            NativeMemory.assertFlat("classify(Path | byte[] | BufferedImage)", 100, 1_000, 16L << 20, once);
        }
    }

    @Test
    void classifyingAFileEqualsClassifyingItsFrame() {
        List<String> labels = List.of("a cat", "a dog", "a cup of coffee");
        try (ZeroShotClassifier classifier = clip.classifier(labels); PointerScope scope = new PointerScope()) {
            Path file = IMAGES.resolve("coffee.png");
            Classification simple = classifier.classify(file);
            Mat frame = imread(file.toString(), IMREAD_COLOR);
            Classification expected = classifier.classifyImages(List.of(frame), labels.size()).get(0);
            assertEquals(labels.size(), simple.top().size(), "every label, best first");
            for (int i = 0; i < labels.size(); i++) {
                assertEquals(expected.top().get(i).label(), simple.top().get(i).label());
                assertEquals(expected.top().get(i).probability(), simple.top().get(i).probability(), 1e-5);
            }
            ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> classifier.classify(IMAGES.resolve("missing.png")));
            assertTrue(e.getMessage().contains("missing.png"), e.getMessage());
        }
    }
}
