package io.clip4j.image;

import static io.clip4j.image.DecodeTestImages.ascii;
import static io.clip4j.image.DecodeTestImages.encode;
import static io.clip4j.image.DecodeTestImages.fixture;
import static io.clip4j.image.DecodeTestImages.pngClaiming;
import static io.clip4j.image.DecodeTestImages.write;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.function.Executable;

/** Whatever a user sends, the answer is a typed error naming the input: never a crash, never OOM. */
class DecodeErrorsTest {
    private final ImageDecoder decoder = new ImageDecoder();

    @TempDir
    Path dir;

    private static ImageDecodeException fails(String input, Executable call, String... fragments) {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, call);
        System.out.println("message: " + e.getMessage());
        assertEquals(input, e.input());
        assertTrue(e.getMessage().startsWith(input), "message starts with the input's name: " + e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message mentions '" + f + "': " + e.getMessage());
        }
        assertTrue(e instanceof ClipException);
        return e;
    }

    private ImageDecodeException failsForFile(Path file, String... fragments) {
        return fails(file.toString(), () -> decoder.decode(file), fragments);
    }

    @Test
    void missingFile() {
        failsForFile(dir.resolve("nope.png"), "does not exist");
    }

    @Test
    void directory() {
        failsForFile(dir, "is a directory");
    }

    @Test
    void notARegularFile() {
        Path devNull = Path.of("/dev/null");
        if (Files.exists(devNull)) {
            failsForFile(devNull, "not a regular file");
        }
    }

    @Test
    void emptyFileAndEmptyBytes() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.jpg"));
        failsForFile(empty, "empty (0 bytes)");
        fails("upload-1", () -> decoder.decode(new byte[0], "upload-1"), "empty (0 bytes)");
        fails("(bytes)", () -> decoder.decode(new byte[0], null), "empty");
    }

    @Test
    void textFile() {
        Path text = dir.resolve("notes.png");
        write(text, ascii("These are not the pixels you are looking for.\n"));
        failsForFile(text, "is not an image OpenCV can decode");
    }

    /** OpenCV 4.13 returns no image for a PNG or JPEG cut short, whether by half or by two bytes. */
    @ParameterizedTest
    @ValueSource(strings = {"chelsea.png", "chelsea_q90.jpg", "tiny_random.png"})
    void truncatedFilesAreRefused(String name) throws IOException {
        byte[] all = Files.readAllBytes(fixture(name));
        Path half = dir.resolve("half-" + name);
        write(half, Arrays.copyOf(all, all.length / 2));
        failsForFile(half, "could not be decoded (corrupt or truncated data)");
        fails("cut-2", () -> decoder.decode(Arrays.copyOf(all, all.length - 2), "cut-2"), "corrupt or truncated");
        fails("first-40", () -> decoder.decode(Arrays.copyOf(all, 40), "first-40"));
        fails("first-3", () -> decoder.decode(Arrays.copyOf(all, 3), "first-3"));
    }

    @Test
    void corruptPngIsRefused() throws IOException {
        byte[] png = Files.readAllBytes(fixture("chelsea.png"));
        for (int i = png.length / 2; i < png.length / 2 + 64; i++) {
            png[i] ^= 0x5A;
        }
        fails("corrupt.png", () -> decoder.decode(png, "corrupt.png"), "PNG");
    }

    /**
     * A JPEG whose entropy-coded data is damaged but complete decodes (libjpeg fills in garbage
     * and warns on stderr): documented, not refused.
     */
    @Test
    void corruptButCompleteJpegDecodes() throws IOException {
        byte[] jpg = Files.readAllBytes(fixture("chelsea_q90.jpg"));
        for (int i = jpg.length / 2; i < jpg.length / 2 + 200; i++) {
            jpg[i] = 0x55;
        }
        try (Mat m = decoder.decode(jpg, "damaged.jpg")) {
            assertEquals(CV_8UC3, m.type());
            assertEquals(451, m.cols());
        }
    }

    @Test
    void randomBytesAfterAMagicNumber() {
        byte[] junk = new byte[2048];
        new java.util.Random(7).nextBytes(junk);
        for (byte[] magic : new byte[][] {
            {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
            ascii("RIFF\0\0\0\0WEBPVP8 "), ascii("BM"), ascii("II*\0"), ascii("MM\0*"), ascii("GIF89a"),
            ascii("P6\n"), ascii("#?RADIANCE\n"), {0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', 0x0D, 0x0A, (byte) 0x87, 0x0A},
            {0x76, 0x2F, 0x31, 0x01}}) {
            byte[] data = Arrays.copyOf(magic, magic.length + junk.length);
            System.arraycopy(junk, 0, data, magic.length, junk.length);
            String name = "junk-" + new String(magic, 0, Math.min(4, magic.length), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .replaceAll("[^A-Za-z0-9]", "_");
            try {
                decoder.decode(data, name).close();
                throw new AssertionError(name + " decoded");
            } catch (ImageDecodeException e) {
                System.out.println("message: " + e.getMessage());
                assertTrue(e.getMessage().startsWith(name), e.getMessage());
            }
        }
    }

    @Test
    void decompressionBombPngIsRefusedFromItsHeader() {
        byte[] bomb = pngClaiming(100_000, 100_000);
        assertTrue(bomb.length < 500, "a few hundred bytes: " + bomb.length);
        Path file = dir.resolve("bomb.png");
        write(file, bomb);
        ImageDecodeException e = failsForFile(file,
                "is 100000×100000 = 10000000000 pixels, over the limit of 100000000 (DecodeOptions.maxPixels)");
        assertNull(e.getCause(), "refused before OpenCV saw it");
        fails("bomb", () -> decoder.decode(bomb, "bomb"), "over the limit");
    }

    /** Without our limit, OpenCV's own (2^30 pixels) refuses the same file: still a typed error. */
    @Test
    void openCvRefusesTheBombWhenTheLimitIsLifted() {
        ImageDecoder unlimited = new ImageDecoder(DecodeOptions.defaults().withMaxPixels(Long.MAX_VALUE));
        fails("bomb", () -> unlimited.decode(pngClaiming(100_000, 100_000), "bomb"));
    }

    @Test
    void oversizedHeadersOfEveryKnownFormat() {
        byte[] sof = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 4, 0, 0,
            (byte) 0xFF, (byte) 0xC2, 0, 17, 8, 0x4E, 0x20, 0x4E, 0x20, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1};
        ByteBuffer bmp = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(64).putInt(0).putInt(54).putInt(40).putInt(20_000).putInt(-20_000)
                .putShort((short) 1).putShort((short) 24);
        ByteBuffer vp8x = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put(ascii("RIFF")).putInt(56).put(ascii("WEBPVP8X")).putInt(10).putInt(0);
        vp8x.put((byte) 0xFF).put((byte) 0x3F).put((byte) 0).put((byte) 0xFF).put((byte) 0x3F).put((byte) 0);
        byte[] gif = Arrays.copyOf(ascii("GIF89a"), 64);
        gif[6] = gif[7] = gif[8] = gif[9] = (byte) 0xFF;
        byte[][] inputs = {
            sof, bmp.array(), vp8x.array(), gif,
            DecodeTestImages.tiff(false, 20_000, 20_000, new byte[12], 0),
            DecodeTestImages.tiff(true, 20_000, 20_000, new byte[12], 0),
            ascii("P6\n# a comment\n20000 20000\n255\n"),
            ascii("P7\nWIDTH 20000\nHEIGHT 20000\nDEPTH 3\nMAXVAL 255\nTUPLTYPE RGB\nENDHDR\n"),
            ascii("#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 20000 +X 20000\n"),
        };
        for (int i = 0; i < inputs.length; i++) {
            String name = "oversized-" + i;
            int at = i;
            fails(name, () -> decoder.decode(inputs[at], name), "pixels, over the limit of 100000000");
        }
    }

    @Test
    void theLimitIsInclusive() {
        Path chelsea = fixture("chelsea.png");                       // 451 × 300 = 135,300 pixels
        try (Mat ok = new ImageDecoder(new DecodeOptions(135_300, false)).decode(chelsea)) {
            assertEquals(451, ok.cols());
        }
        fails(chelsea.toString(), () -> new ImageDecoder(new DecodeOptions(135_299, false)).decode(chelsea),
                "is 451×300 = 135300 pixels, over the limit of 135299");
        try (Mat m = new Mat(300, 451, CV_8UC3, new Scalar(1, 2, 3, 0))) {
            byte[] jpg = encode(".jpg", m);
            fails("j", () -> new ImageDecoder(new DecodeOptions(1000, false)).decode(jpg, "j"), "451×300");
        }
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new DecodeOptions(0, false));
        assertThrows(IllegalArgumentException.class, () -> DecodeOptions.defaults().withMaxPixels(-1));
        assertEquals(new DecodeOptions(100_000_000L, false), DecodeOptions.defaults());
        assertEquals(new DecodeOptions(5, true), DecodeOptions.defaults().withMaxPixels(5).withExifOrientation(true));
    }
}
