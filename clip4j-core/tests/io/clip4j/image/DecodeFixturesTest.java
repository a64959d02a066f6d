package io.clip4j.image;

import static io.clip4j.image.DecodeTestImages.fixture;
import static io.clip4j.image.DecodeTestImages.meanAbsDiff;
import static io.clip4j.image.DecodeTestImages.pixels;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The shared fixture images decode to the right size and exactly the PNGs' own samples. */
class DecodeFixturesTest {
    private final ImageDecoder decoder = new ImageDecoder();

    @ParameterizedTest
    @CsvSource({
        "astronaut.png, 512, 512",
        "chelsea.png, 451, 300",
        "chelsea_q90.jpg, 451, 300",
        "coffee.png, 600, 400",
        "gray_ramp.png, 100, 80",
        "rgba_noise.png, 64, 48",
        "tall_gradient.png, 100, 600",
        "tiny_random.png, 30, 20",
    })
    void decodesToBgr8OfTheRightSize(String name, int width, int height) {
        try (Mat m = decoder.decode(fixture(name))) {
            assertEquals(CV_8UC3, m.type(), name);
            assertEquals(width, m.cols(), name + " width");
            assertEquals(height, m.rows(), name + " height");
        }
    }

    /** BGR from OpenCV equals the PNG's R, G, B samples as javax.imageio reads them (alpha dropped, grey tripled). */
    @ParameterizedTest
    @ValueSource(strings = {"astronaut.png", "chelsea.png", "coffee.png", "gray_ramp.png", "rgba_noise.png",
        "tall_gradient.png", "tiny_random.png"})
    void pngSamplesMatchAnIndependentDecoder(String name) throws IOException {
        Path file = fixture(name);
        BufferedImage img = ImageIO.read(file.toFile());
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        int[] expected = new int[img.getWidth() * img.getHeight() * 3];
        int i = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (bands <= 2) {                       // grey (+ alpha)
                    int v = r.getSample(x, y, 0);
                    expected[i++] = v;
                    expected[i++] = v;
                    expected[i++] = v;
                } else {                                // R, G, B (+ A): BGR order, alpha dropped
                    expected[i++] = r.getSample(x, y, 2);
                    expected[i++] = r.getSample(x, y, 1);
                    expected[i++] = r.getSample(x, y, 0);
                }
            }
        }
        try (Mat m = decoder.decode(file)) {
            assertArrayEquals(expected, pixels(m), name);
        }
    }

    @Test
    void greyRampHasThreeEqualChannels() throws IOException {
        BufferedImage grey = ImageIO.read(fixture("gray_ramp.png").toFile());
        assertEquals(1, grey.getRaster().getNumBands());
        try (Mat m = decoder.decode(fixture("gray_ramp.png"))) {
            int[] px = pixels(m);
            for (int y = 0; y < m.rows(); y++) {
                for (int x = 0; x < m.cols(); x++) {
                    int at = (y * m.cols() + x) * 3;
                    int v = grey.getRaster().getSample(x, y, 0);
                    assertEquals(v, px[at], "B at " + x + "," + y);
                    assertEquals(v, px[at + 1], "G at " + x + "," + y);
                    assertEquals(v, px[at + 2], "R at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void rgbaAlphaIsDroppedNotComposited() throws IOException {
        BufferedImage rgba = ImageIO.read(fixture("rgba_noise.png").toFile());
        assertEquals(4, rgba.getRaster().getNumBands());
        boolean someTranslucent = false;
        try (Mat m = decoder.decode(fixture("rgba_noise.png"))) {
            int[] px = pixels(m);
            for (int y = 0; y < m.rows(); y++) {
                for (int x = 0; x < m.cols(); x++) {
                    int at = (y * m.cols() + x) * 3;
                    someTranslucent |= rgba.getRaster().getSample(x, y, 3) < 255;
                    assertEquals(rgba.getRaster().getSample(x, y, 0), px[at + 2], "R");
                    assertEquals(rgba.getRaster().getSample(x, y, 1), px[at + 1], "G");
                    assertEquals(rgba.getRaster().getSample(x, y, 2), px[at], "B");
                }
            }
        }
        assertTrue(someTranslucent, "the fixture should have translucent pixels for this test to mean anything");
    }

    @Test
    void jpegIsWithinAFewLevelsOfThePng() {
        try (Mat jpg = decoder.decode(fixture("chelsea_q90.jpg")); Mat png = decoder.decode(fixture("chelsea.png"))) {
            double diff = meanAbsDiff(pixels(png), pixels(jpg));
            System.out.printf("chelsea_q90.jpg vs chelsea.png: mean |difference| %.3f levels%n", diff);
            assertTrue(diff < 3.0, "mean difference " + diff);
        }
    }

    @Test
    void bytesDecodeLikeTheFile() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture("coffee.png"));
        try (Mat a = decoder.decode(bytes, "coffee"); Mat b = decoder.decode(fixture("coffee.png"))) {
            assertArrayEquals(pixels(b), pixels(a));
        }
    }
}
