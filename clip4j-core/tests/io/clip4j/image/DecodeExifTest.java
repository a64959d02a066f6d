package io.clip4j.image;

import static io.clip4j.image.DecodeTestImages.encode;
import static io.clip4j.image.DecodeTestImages.exifTiff;
import static io.clip4j.image.DecodeTestImages.meanAbsDiff;
import static io.clip4j.image.DecodeTestImages.pixels;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_core.transpose;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EXIF orientation: ignored by default (as the reference pipeline does), applied on request for
 * JPEG (APP1), PNG (eXIf) and WebP (EXIF chunk); a TIFF's own Orientation tag is always applied.
 */
class DecodeExifTest {
    private final ImageDecoder ignoring = new ImageDecoder();
    private final ImageDecoder applying = new ImageDecoder(DecodeOptions.defaults().withExifOrientation(true));

    /** 64 × 32, four flat quadrants of different colours: any rotation or flip is visible. */
    private Mat quadrants;

    @BeforeEach
    void makeImage() {
        quadrants = new Mat(32, 64, CV_8UC3, new Scalar(0, 0, 0, 0));
        Scalar[] colours = {new Scalar(255, 0, 0, 0), new Scalar(0, 255, 0, 0), new Scalar(0, 0, 255, 0),
            new Scalar(255, 255, 255, 0)};
        for (int q = 0; q < 4; q++) {
            try (Rect r = new Rect((q % 2) * 32, (q / 2) * 16, 32, 16); Mat roi = quadrants.apply(r)) {
                roi.put(colours[q]);
            }
        }
    }

    @AfterEach
    void free() {
        quadrants.close();
    }

    /** What EXIF orientation {@code o} asks a viewer to do to the stored pixels. */
    private static Mat oriented(Mat stored, int o) {
        Mat out = new Mat();
        switch (o) {
            case 1 -> stored.copyTo(out);
            case 2 -> flip(stored, out, 1);
            case 3 -> rotate(stored, out, ROTATE_180);
            case 4 -> flip(stored, out, 0);
            case 5 -> transpose(stored, out);
            case 6 -> rotate(stored, out, ROTATE_90_CLOCKWISE);
            case 7 -> {
                try (Mat t = new Mat()) {
                    transpose(stored, t);
                    flip(t, out, -1);
                }
            }
            case 8 -> rotate(stored, out, ROTATE_90_COUNTERCLOCKWISE);
            default -> throw new IllegalArgumentException("orientation " + o);
        }
        return out;
    }

    /**
     * A JPEG with a hand-written APP1 Exif segment. JPEG blurs the colour edges between the
     * quadrants (about 3.6 levels on average at quality 100), so the decoded picture is compared
     * with all eight orientations: the one the tag names must be the closest by far.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void jpegOrientation(int orientation) {
        byte[] jpg = DecodeTestImages.jpegWithOrientation(encode(".jpg", quadrants, IMWRITE_JPEG_QUALITY, 100), orientation);
        try (Mat stored = ignoring.decode(jpg, "o" + orientation + ".jpg");
             Mat turned = applying.decode(jpg, "o" + orientation + ".jpg")) {
            assertEquals(1, closestOrientation(stored), "ignored by default");
            assertEquals(orientation, closestOrientation(turned), "applied on request");
        }
    }

    /** Which orientation of the source image {@code decoded} is closest to (mean difference under 8 levels). */
    private int closestOrientation(Mat decoded) {
        int best = 0;
        double bestDiff = Double.MAX_VALUE;
        for (int o = 1; o <= 8; o++) {
            try (Mat candidate = oriented(quadrants, o)) {
                if (candidate.cols() != decoded.cols() || candidate.rows() != decoded.rows()) {
                    continue;
                }
                double diff = meanAbsDiff(pixels(candidate), pixels(decoded));
                if (diff < bestDiff) {
                    bestDiff = diff;
                    best = o;
                }
            }
        }
        assertTrue(bestDiff < 8.0, "closest orientation " + best + " still differs by " + bestDiff);
        return best;
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5, 6, 8})
    void pngExifChunk(int orientation) {
        byte[] png = DecodeTestImages.pngWithOrientation(encode(".png", quadrants), orientation);
        try (Mat stored = ignoring.decode(png, "o.png");
             Mat turned = applying.decode(png, "o.png");
             Mat expected = oriented(quadrants, orientation)) {
            assertArrayEquals(pixels(quadrants), pixels(stored));
            assertEquals(expected.cols(), turned.cols());
            assertArrayEquals(pixels(expected), pixels(turned));
        }
    }

    @Test
    void webpExifChunk() {
        byte[] simple = encode(".webp", quadrants, IMWRITE_WEBP_QUALITY, 101);
        byte[] chunks = Arrays.copyOfRange(simple, 12, simple.length);
        byte[] exif = exifTiff(6);
        ByteBuffer b = ByteBuffer.allocate(12 + 18 + chunks.length + 8 + exif.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(DecodeTestImages.ascii("RIFF")).putInt(b.capacity() - 8).put(DecodeTestImages.ascii("WEBP"));
        b.put(DecodeTestImages.ascii("VP8X")).putInt(10).putInt(0x08);            // flags: EXIF present
        b.put((byte) 63).put((byte) 0).put((byte) 0).put((byte) 31).put((byte) 0).put((byte) 0);
        b.put(chunks).put(DecodeTestImages.ascii("EXIF")).putInt(exif.length).put(exif);
        try (Mat stored = ignoring.decode(b.array(), "o6.webp");
             Mat turned = applying.decode(b.array(), "o6.webp");
             Mat expected = oriented(quadrants, 6)) {
            assertArrayEquals(pixels(quadrants), pixels(stored));
            assertArrayEquals(pixels(expected), pixels(turned));
        }
    }

    /** OpenCV's TIFF reader applies the TIFF Orientation tag whatever the flags say (measured). */
    @Test
    void tiffOrientationIsAlwaysApplied() {
        int w = 4;
        int h = 2;
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            rgb[3 * i] = (byte) (10 * i);          // R encodes the stored position
        }
        byte[] tif = DecodeTestImages.tiff(false, w, h, rgb, 6);
        try (Mat stored = new Mat(h, w, CV_8UC3)) {
            for (int i = 0; i < w * h; i++) {
                stored.ptr(i / w, i % w).put(new byte[] {0, 0, (byte) (10 * i)});
            }
            try (Mat expected = oriented(stored, 6); Mat a = ignoring.decode(tif, "o6.tif"); Mat b = applying.decode(tif, "o6.tif")) {
                assertEquals(2, a.cols());
                assertEquals(4, a.rows());
                assertArrayEquals(pixels(expected), pixels(a));
                assertArrayEquals(pixels(expected), pixels(b));
            }
        }
    }
}
