package io.clip4j.image;

import static io.clip4j.image.DecodeTestImages.ascii;
import static io.clip4j.image.DecodeTestImages.encode;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HeaderSniffer reads the size each encoder writes, and never throws on short or odd input. */
class DecodeHeaderTest {
    private static final int W = 37;
    private static final int H = 23;

    private static byte[] encoded(String ext, int type, int... params) {
        try (Mat m = new Mat(H, W, type)) {
            java.util.Random random = new java.util.Random(W * 31 + type);
            if (type == CV_32FC3) {
                try (FloatIndexer ix = m.createIndexer()) {
                    for (int y = 0; y < H; y++) {
                        for (int x = 0; x < W; x++) {
                            for (int c = 0; c < 3; c++) {
                                ix.put(y, x, c, random.nextFloat());
                            }
                        }
                    }
                }
            } else {
                byte[] noise = new byte[H * W * m.channels()];
                random.nextBytes(noise);
                m.data().put(noise);
            }
            return encode(ext, m, params);
        }
    }

    @ParameterizedTest
    @CsvSource({
        ".png, PNG", ".jpg, JPEG", ".bmp, BMP", ".tif, TIFF", ".gif, GIF", ".ppm, PNM", ".pam, PAM",
        ".ras, Sun raster", ".webp, WebP",
    })
    void readsTheSizeOfEachFormat(String ext, String format) {
        byte[] bytes = encoded(ext, CV_8UC3);
        assertEquals(Optional.of(new ImageHeader(format, W, H)), HeaderSniffer.sniff(bytes), ext);
        checkEveryPrefix(bytes);
    }

    @Test
    void greyAndFloatVariants() {
        assertEquals(Optional.of(new ImageHeader("PNM", W, H)), HeaderSniffer.sniff(encoded(".pgm", CV_8UC1)));
        assertEquals(Optional.of(new ImageHeader("PNM", W, H)), HeaderSniffer.sniff(encoded(".pfm", CV_32FC3)));
        assertEquals(Optional.of(new ImageHeader("Radiance HDR", W, H)), HeaderSniffer.sniff(encoded(".hdr", CV_32FC3)));
        assertEquals(Optional.of(new ImageHeader("JPEG", W, H)), HeaderSniffer.sniff(encoded(".jpg", CV_8UC1)));
    }

    @Test
    void losslessAndExtendedWebp() {
        byte[] lossless = encoded(".webp", CV_8UC3, IMWRITE_WEBP_QUALITY, 101);
        assertEquals("VP8L", new String(lossless, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(Optional.of(new ImageHeader("WebP", W, H)), HeaderSniffer.sniff(lossless));
        byte[] lossy = encoded(".webp", CV_8UC3, IMWRITE_WEBP_QUALITY, 80);
        assertEquals("VP8 ", new String(lossy, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(Optional.of(new ImageHeader("WebP", W, H)), HeaderSniffer.sniff(lossy));
        ByteBuffer vp8x = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put(ascii("RIFF")).putInt(22).put(ascii("WEBPVP8X")).putInt(10).putInt(0x08);
        vp8x.put((byte) 0xFF).put((byte) 0x0F).put((byte) 0).put((byte) 0x01).put((byte) 0x00).put((byte) 0x01);
        assertEquals(Optional.of(new ImageHeader("WebP", 4096, 65538)), HeaderSniffer.sniff(vp8x.array()));
    }

    @Test
    void tiffInBothByteOrdersAndBigTiff() {
        byte[] rgb = new byte[5 * 3 * 3];
        assertEquals(Optional.of(new ImageHeader("TIFF", 5, 3)), HeaderSniffer.sniff(DecodeTestImages.tiff(false, 5, 3, rgb, 0)));
        assertEquals(Optional.of(new ImageHeader("TIFF", 5, 3)), HeaderSniffer.sniff(DecodeTestImages.tiff(true, 5, 3, rgb, 0)));
        checkEveryPrefix(DecodeTestImages.tiff(true, 5, 3, rgb, 6));

        for (boolean big : new boolean[] {false, true}) {
            ByteBuffer b = ByteBuffer.allocate(16 + 8 + 2 * 20 + 8).order(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            b.put(big ? ascii("MM") : ascii("II")).putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(16);
            b.putLong(2);
            b.putShort((short) 256).putShort((short) 16).putLong(1).putLong(300_000L);   // LONG8
            b.putShort((short) 257).putShort((short) 3).putLong(1).putShort((short) 7).putShort((short) 0).putInt(0);
            b.putLong(0);
            assertEquals(Optional.of(new ImageHeader("TIFF", 300_000, 7)), HeaderSniffer.sniff(b.array()), "BigTIFF " + big);
            checkEveryPrefix(b.array());
        }
        // IFD offset past the end: unknown, not an exception
        byte[] far = {'I', 'I', 42, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
        assertFalse(HeaderSniffer.sniff(far).isPresent());
    }

    @Test
    void bmpCoreHeaderAndTopDownRows() {
        ByteBuffer core = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        core.put(ascii("BM")).putInt(32).putInt(0).putInt(26).putInt(12).putShort((short) 640).putShort((short) 480);
        assertEquals(Optional.of(new ImageHeader("BMP", 640, 480)), HeaderSniffer.sniff(core.array()));
        byte[] topDown = encoded(".bmp", CV_8UC3);
        ByteBuffer.wrap(topDown).order(ByteOrder.LITTLE_ENDIAN).putInt(22, -H);
        assertEquals(Optional.of(new ImageHeader("BMP", W, H)), HeaderSniffer.sniff(topDown));
    }

    @Test
    void jpegSkipsApplicationSegmentsAndFillBytes() {
        byte[] jpg = DecodeTestImages.jpegWithOrientation(encoded(".jpg", CV_8UC3), 6);
        assertEquals(Optional.of(new ImageHeader("JPEG", W, H)), HeaderSniffer.sniff(jpg));
        byte[] filled = new byte[jpg.length + 3];
        filled[0] = (byte) 0xFF;
        filled[1] = (byte) 0xD8;
        filled[2] = filled[3] = filled[4] = (byte) 0xFF;    // fill bytes before the next marker
        System.arraycopy(jpg, 3, filled, 5, jpg.length - 3);
        assertEquals(Optional.of(new ImageHeader("JPEG", W, H)), HeaderSniffer.sniff(filled));
        byte[] noFrame = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2};
        assertFalse(HeaderSniffer.sniff(noFrame).isPresent());
    }

    @Test
    void unknownAndDegenerateInputs() {
        for (byte[] b : new byte[][] {new byte[0], ascii("hello"), ascii("P6\n"), ascii("P6 x y 255"), ascii("P9 1 1"),
            ascii("#?RADIANCE\n-Y 1 +X 1\n"), ascii("#?NOT\n\n-Y 1 +X 1\n"), ascii("P7\nWIDTH 3\nENDHDR\n"),
            {0x76, 0x2F, 0x31, 0x01}, ascii("RIFF\0\0\0\0WEBPVP8 \0\0\0\0\0\0\0\0\0\0\0\0\0\0")}) {
            assertFalse(HeaderSniffer.sniff(b).isPresent(), new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        // zero width: not reported (OpenCV decides)
        assertFalse(HeaderSniffer.sniff(DecodeTestImages.pngClaiming(0, 5)).isPresent());
        assertEquals(Optional.of(new ImageHeader("PNG", 4_294_967_295L, 4_294_967_295L)),
                HeaderSniffer.sniff(DecodeTestImages.pngClaiming(0xFFFF_FFFFL, 0xFFFF_FFFFL)));
    }

    @Test
    void pixelsSaturateInsteadOfOverflowing() {
        assertEquals(6, new ImageHeader("x", 2, 3).pixels());
        assertEquals(0, new ImageHeader("x", 0, 3).pixels());
        assertEquals(Long.MAX_VALUE, new ImageHeader("x", Long.MAX_VALUE, 2).pixels());
        assertEquals(Long.MAX_VALUE, new ImageHeader("x", 4_294_967_296L, 4_294_967_296L).pixels());
        assertEquals(Long.MAX_VALUE, new ImageHeader("x", 4_294_967_295L, 4_294_967_295L).pixels());
        assertEquals(3_037_000_499L * 3_037_000_499L, new ImageHeader("x", 3_037_000_499L, 3_037_000_499L).pixels());
    }

    /** Every prefix of a valid file gives the full answer or none, and never throws. */
    private static void checkEveryPrefix(byte[] bytes) {
        Optional<ImageHeader> full = HeaderSniffer.sniff(bytes);
        for (int n = 0; n <= Math.min(bytes.length, 512); n++) {
            Optional<ImageHeader> h = HeaderSniffer.sniff(Arrays.copyOf(bytes, n));
            assertTrue(h.isEmpty() || h.equals(full), "prefix of " + n + " bytes gave " + h);
            assertEquals(h, HeaderSniffer.sniff(bytes, n), "sniff(bytes, " + n + ")");
        }
    }
}
