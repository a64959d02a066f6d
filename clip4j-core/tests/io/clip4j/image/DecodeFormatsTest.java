package io.clip4j.image;

import static io.clip4j.image.DecodeTestImages.encode;
import static io.clip4j.image.DecodeTestImages.fixture;
import static io.clip4j.image.DecodeTestImages.meanAbsDiff;
import static io.clip4j.image.DecodeTestImages.pixels;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.UShortIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every format this OpenCV build writes comes back as the same 8-bit BGR picture. */
class DecodeFormatsTest {
    private final ImageDecoder decoder = new ImageDecoder();

    @TempDir
    Path dir;

    /**
     * Written with imwrite (through the extension), read back with the decoder. Lossless formats
     * give the exact samples; the mean difference bounds lossy ones.
     */
    @ParameterizedTest
    @CsvSource({
        "png, 0", "bmp, 0", "tif, 0", "tiff, 0", "ppm, 0", "pam, 0", "ras, 0",
        "jpg, 3.0", "jpeg, 3.0", "webp, 3.0", "gif, 20.0",
    })
    void roundTripsThroughEachFormat(String ext, double maxMeanDiff) {
        try (Mat source = decoder.decode(fixture("chelsea.png"))) {
            Path file = dir.resolve("chelsea." + ext);
            assertTrue(imwrite(file.toString(), source), "imwrite " + ext);
            try (Mat back = decoder.decode(file)) {
                assertEquals(CV_8UC3, back.type(), ext);
                assertEquals(451, back.cols(), ext);
                assertEquals(300, back.rows(), ext);
                double diff = meanAbsDiff(pixels(source), pixels(back));
                System.out.printf("%-5s mean |difference| %.3f%n", ext, diff);
                if (maxMeanDiff == 0) {
                    assertArrayEquals(pixels(source), pixels(back), ext);
                } else {
                    assertTrue(diff <= maxMeanDiff, ext + ": mean difference " + diff);
                }
            }
        }
    }

    @Test
    void losslessWebpIsExact() {
        try (Mat source = decoder.decode(fixture("tiny_random.png"));
             Mat back = decoder.decode(encode(".webp", source, IMWRITE_WEBP_QUALITY, 101), "lossless.webp")) {
            assertArrayEquals(pixels(source), pixels(back));
        }
    }

    /** Alpha is dropped in every format that stores it: the colour samples stay as they are. */
    @ParameterizedTest
    @ValueSource(strings = {".png", ".webp", ".tif", ".bmp"})
    void alphaIsDroppedInEveryFormat(String ext) {
        try (Mat bgra = new Mat(3, 5, CV_8UC4, new Scalar(200, 100, 50, 10))) {
            byte[] bytes = ext.equals(".webp") ? encode(ext, bgra, IMWRITE_WEBP_QUALITY, 101) : encode(ext, bgra);
            try (Mat m = decoder.decode(bytes, "bgra" + ext)) {
                assertEquals(CV_8UC3, m.type());
                int[] px = pixels(m);
                for (int i = 0; i < px.length; i += 3) {
                    assertEquals(200, px[i], ext + " B");
                    assertEquals(100, px[i + 1], ext + " G");
                    assertEquals(50, px[i + 2], ext + " R");
                }
            }
        }
    }

    @Test
    void greyJpegBecomesThreeEqualChannels() {
        try (Mat grey = new Mat(8, 8, CV_8UC1, new Scalar(77));
             Mat m = decoder.decode(encode(".jpg", grey, IMWRITE_JPEG_QUALITY, 100), "grey.jpg")) {
            assertEquals(CV_8UC3, m.type());
            for (int v : pixels(m)) {
                assertEquals(77, v, 1);
            }
        }
    }

    /** 16-bit samples: scaled by 255/65535 and rounded (65535 → 255, 257 → 1, 128 → 0, 32896 → 128). */
    @ParameterizedTest
    @ValueSource(strings = {".png", ".tif"})
    void sixteenBitColourIsScaledAndRounded(String ext) {
        int[] in = {0, 128, 129, 257, 384, 386, 32896, 65279, 65535};
        int[] out = {0, 0, 1, 1, 1, 2, 128, 254, 255};
        try (Mat m16 = new Mat(1, in.length, CV_16UC3)) {
            UShortIndexer ix = m16.createIndexer();
            for (int i = 0; i < in.length; i++) {
                ix.put(0, i, 0, in[i]);
                ix.put(0, i, 1, in[i]);
                ix.put(0, i, 2, 65535 - in[i]);
            }
            ix.close();
            try (Mat m = decoder.decode(encode(ext, m16), "16-bit" + ext)) {
                assertEquals(CV_8UC3, m.type());
                int[] px = pixels(m);
                for (int i = 0; i < in.length; i++) {
                    assertEquals(out[i], px[3 * i], ext + " B of " + in[i]);
                    assertEquals(out[i], px[3 * i + 1], ext + " G of " + in[i]);
                    assertEquals(255 - out[i], px[3 * i + 2], ext + " R of " + (65535 - in[i]));
                }
            }
        }
    }

    @Test
    void sixteenBitGreyPng() {
        try (Mat m16 = new Mat(1, 3, CV_16UC1)) {
            UShortIndexer ix = m16.createIndexer();
            ix.put(0, 0, 65535);
            ix.put(0, 1, 257);
            ix.put(0, 2, 0);
            ix.close();
            try (Mat m = decoder.decode(encode(".png", m16), "grey16.png")) {
                assertArrayEquals(new int[] {255, 255, 255, 1, 1, 1, 0, 0, 0}, pixels(m));
            }
        }
    }

    /** Float TIFF and PFM: [0, 1] scaled by 255 and clamped. */
    @ParameterizedTest
    @ValueSource(strings = {".tif", ".pfm"})
    void floatImagesAreClamped(String ext) {
        float[] in = {-1f, 0f, 0.25f, 0.5f, 1f, 2f};
        int[] out = {0, 0, 64, 128, 255, 255};
        try (Mat f = new Mat(1, in.length, CV_32FC3)) {
            FloatIndexer ix = f.createIndexer();
            for (int i = 0; i < in.length; i++) {
                for (int c = 0; c < 3; c++) {
                    ix.put(0, i, c, in[i]);
                }
            }
            ix.close();
            try (Mat m = decoder.decode(encode(ext, f), "float" + ext)) {
                int[] px = pixels(m);
                for (int i = 0; i < in.length; i++) {
                    if (ext.equals(".pfm") && in[i] < 0) {
                        continue;                  // PFM's sign convention is the scale; skip negatives
                    }
                    assertEquals(out[i], px[3 * i], ext + " value " + in[i]);
                }
            }
        }
    }

    @Test
    void isImageFileGoesByExtension() {
        for (String ok : new String[] {"a.jpg", "a.JPG", "b.jpeg", "c.png", "d.webp", "e.BMP", "f.tif", "g.Tiff",
            "dir/x.y.png"}) {
            assertTrue(ImageDecoder.isImageFile(Path.of(ok)), ok);
        }
        for (String no : new String[] {"a.txt", "png", ".png", "a.png.txt", "a.", "a", "a.gif", "a.jpgx"}) {
            assertFalse(ImageDecoder.isImageFile(Path.of(no)), no);
        }
        assertFalse(ImageDecoder.isImageFile(Path.of("/")));
        assertFalse(ImageDecoder.isImageFile(null));
    }
}
