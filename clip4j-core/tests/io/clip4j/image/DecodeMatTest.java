package io.clip4j.image;

import static io.clip4j.image.DecodeTestImages.fixture;
import static io.clip4j.image.DecodeTestImages.pixels;
import static org.bytedeco.opencv.global.opencv_core.CV_16FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_16SC1;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC4;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_32SC3;
import static org.bytedeco.opencv.global.opencv_core.CV_64FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8SC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/** toBgr8 on a caller's Mat: no copy for CV_8UC3, defined conversions for everything else. */
class DecodeMatTest {
    private final ImageDecoder decoder = new ImageDecoder();

    private int[] converted(Mat in) {
        try (Mat out = decoder.toBgr8(in, "frame")) {
            assertNotSame(in, out);
            assertEquals(CV_8UC3, out.type());
            assertEquals(in.rows(), out.rows());
            assertEquals(in.cols(), out.cols());
            return pixels(out);
        }
    }

    private static void assertAll(int[] px, int b, int g, int r) {
        for (int i = 0; i < px.length; i += 3) {
            assertEquals(b, px[i], "B");
            assertEquals(g, px[i + 1], "G");
            assertEquals(r, px[i + 2], "R");
        }
    }

    @Test
    void bgr8IsReturnedAsItIsEvenARegion() {
        try (Mat m = new Mat(4, 6, CV_8UC3, new Scalar(1, 2, 3, 0))) {
            assertSame(m, decoder.toBgr8(m, "frame"));
            try (Rect r = new Rect(1, 1, 3, 2); Mat roi = m.apply(r)) {
                assertTrue(!roi.isContinuous());
                assertSame(roi, decoder.toBgr8(roi, "roi"));
            }
        }
    }

    @Test
    void channelLayouts() {
        try (Mat grey = new Mat(3, 4, CV_8UC1, new Scalar(42));
             Mat greyAlpha = new Mat(3, 4, CV_8UC2, new Scalar(42, 7, 0, 0));
             Mat bgra = new Mat(3, 4, CV_8UC4, new Scalar(10, 20, 30, 0))) {
            assertAll(converted(grey), 42, 42, 42);
            assertAll(converted(greyAlpha), 42, 42, 42);
            assertAll(converted(bgra), 10, 20, 30);
        }
    }

    @Test
    void depths() {
        try (Mat u16 = new Mat(2, 2, CV_16UC4, new Scalar(65535, 257, 0, 1000));
             Mat s16 = new Mat(2, 2, CV_16SC1, new Scalar(-5));
             Mat f32 = new Mat(2, 2, CV_32FC1, new Scalar(0.5));
             Mat f64 = new Mat(2, 2, CV_64FC3, new Scalar(-0.1, 1.7, 0.2, 0));
             Mat s8 = new Mat(2, 2, CV_8SC1, new Scalar(-3));
             Mat s32 = new Mat(2, 2, CV_32SC3, new Scalar(-1, 100, 1000, 0))) {
            assertAll(converted(u16), 255, 1, 0);
            assertAll(converted(s16), 0, 0, 0);
            assertAll(converted(f32), 128, 128, 128);
            assertAll(converted(f64), 0, 255, 51);
            assertAll(converted(s8), 0, 0, 0);
            assertAll(converted(s32), 0, 100, 255);
            try (Mat f16 = new Mat()) {
                f32.convertTo(f16, CV_16FC1 & 7);
                assertAll(converted(f16), 128, 128, 128);
            }
        }
    }

    @Test
    void regionsOfOtherTypesAreConverted() {
        try (Mat bgra = new Mat(10, 10, CV_8UC4, new Scalar(1, 2, 3, 4)); Rect r = new Rect(2, 3, 4, 5);
             Mat roi = bgra.apply(r)) {
            int[] px = converted(roi);
            assertEquals(4 * 5 * 3, px.length);
            assertAll(px, 1, 2, 3);
        }
    }

    @Test
    void refusedLayouts() {
        ImageDecodeException empty = assertThrows(ImageDecodeException.class, () -> decoder.toBgr8(new Mat(), "cam0"));
        assertEquals("cam0", empty.input());
        assertTrue(empty.getMessage().startsWith("cam0 "), empty.getMessage());
        try (Mat five = new Mat(2, 2, CV_8UC(5))) {
            ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.toBgr8(five, "cam1"));
            assertTrue(e.getMessage().startsWith("cam1 has 5 channels"), e.getMessage());
        }
        try (Mat cube = new Mat(new int[] {2, 2, 2}, CV_8UC3)) {
            ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.toBgr8(cube, "cube"));
            assertTrue(e.getMessage().contains("3-dimensional"), e.getMessage());
        }
    }

    /** Results are attached to a PointerScope open in the caller, and freed with it. */
    @Test
    void resultsJoinTheCallersScope() {
        Mat decoded;
        Mat grey8;
        try (Mat grey = new Mat(3, 4, CV_8UC1, new Scalar(9))) {
            try (PointerScope scope = new PointerScope()) {
                decoded = decoder.decode(fixture("tiny_random.png"));
                grey8 = decoder.toBgr8(grey, "grey");
                assertEquals(30, decoded.cols());
                assertAll(pixels(grey8), 9, 9, 9);
            }
            assertTrue(decoded.isNull(), "freed by the caller's scope");
            assertTrue(grey8.isNull(), "freed by the caller's scope");
            assertTrue(!grey.isNull(), "the input is untouched");
        }
    }

    /** Without a scope, the result lives until the caller closes it; a later close() is harmless. */
    @Test
    void resultsWithoutAScopeLiveUntilClosed() {
        Mat m = decoder.decode(fixture("tiny_random.png"));
        System.gc();
        assertTrue(!m.isNull());
        int[] before = pixels(m);
        assertEquals(30 * 20 * 3, before.length);
        m.close();
        assertTrue(m.isNull());
        m.close();
        try (Mat again = decoder.decode(fixture("tiny_random.png"))) {
            assertArrayEquals(before, pixels(again));
        }
    }
}
