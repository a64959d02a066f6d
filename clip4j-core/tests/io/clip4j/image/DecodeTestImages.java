package io.clip4j.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Shared helpers of the Decode* tests: fixture paths, encoding, pixel access, hand-made headers. */
final class DecodeTestImages {
    /** The fixture images, read in place (tests run in the project root). */
    static final Path IMAGES = io.clip4j.Fixtures.IMAGES;

    private DecodeTestImages() {
    }

    static Path fixture(String name) {
        return IMAGES.resolve(name);
    }

    /** {@code imencode} into a Java array; the encoder's parameters as key/value pairs. */
    static byte[] encode(String ext, Mat image, int... params) {
        try (BytePointer buf = new BytePointer(); IntPointer p = new IntPointer(params)) {
            if (!imencode(ext, image, buf, p)) {
                throw new IllegalStateException("imencode(" + ext + ") failed");
            }
            byte[] out = new byte[(int) buf.limit()];
            buf.get(out);
            return out;
        }
    }

    /** The samples of a continuous or not 8-bit Mat, row by row, as unsigned values. */
    static int[] pixels(Mat m) {
        int perRow = m.cols() * m.channels();
        int[] out = new int[m.rows() * perRow];
        byte[] row = new byte[perRow];
        for (int y = 0; y < m.rows(); y++) {
            try (BytePointer p = m.ptr(y)) {
                p.get(row, 0, perRow);
            }
            for (int i = 0; i < perRow; i++) {
                out[y * perRow + i] = row[i] & 0xFF;
            }
        }
        return out;
    }

    static double meanAbsDiff(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " vs " + b.length);
        }
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return (double) sum / a.length;
    }

    /** A minimal EXIF (TIFF) block holding only an Orientation tag. */
    static byte[] exifTiff(int orientation) {
        return new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1,
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
            0, 0, 0, 0};
    }

    /** A JPEG with an APP1 Exif segment (Orientation only) inserted after SOI. */
    static byte[] jpegWithOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = exifTiff(orientation);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(jpeg, 0, 2);
        int len = 2 + 6 + tiff.length;
        o.write(0xFF);
        o.write(0xE1);
        o.write(len >> 8);
        o.write(len & 0xFF);
        o.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        o.writeBytes(tiff);
        o.write(jpeg, 2, jpeg.length - 2);
        return o.toByteArray();
    }

    /** A PNG with an {@code eXIf} chunk (Orientation only) inserted after IHDR. */
    static byte[] pngWithOrientation(byte[] png, int orientation) {
        int afterIhdr = 8 + 8 + 13 + 4;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(png, 0, afterIhdr);
        writeChunk(o, "eXIf", exifTiff(orientation));
        o.write(png, afterIhdr, png.length - afterIhdr);
        return o.toByteArray();
    }

    static void writeChunk(ByteArrayOutputStream o, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        o.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        o.writeBytes(t);
        o.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        o.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * A PNG whose IHDR claims {@code width × height} RGB pixels, followed by a tiny IDAT (a few
     * hundred bytes in all): a decompression-bomb-shaped file.
     */
    static byte[] pngClaiming(long width, long height) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt((int) width).putInt((int) height);
        ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        writeChunk(o, "IHDR", ihdr.array());
        byte[] zeros = new byte[4096];
        java.util.zip.Deflater d = new java.util.zip.Deflater();
        d.setInput(zeros);
        d.finish();
        byte[] z = new byte[512];
        int n = d.deflate(z);
        d.end();
        writeChunk(o, "IDAT", java.util.Arrays.copyOf(z, n));
        writeChunk(o, "IEND", new byte[0]);
        return o.toByteArray();
    }

    /**
     * An uncompressed 8-bit RGB TIFF made by hand, in either byte order, with an optional
     * Orientation tag (0 leaves it out). {@code rgb} holds width × height × 3 samples, R first.
     */
    static byte[] tiff(boolean bigEndian, int width, int height, byte[] rgb, int orientation) {
        int tags = orientation == 0 ? 9 : 10;
        int ifd = 8;
        int bps = ifd + 2 + tags * 12 + 4;
        int data = bps + 6;
        ByteBuffer b = ByteBuffer.allocate(data + rgb.length)
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.put(bigEndian ? (byte) 'M' : (byte) 'I').put(bigEndian ? (byte) 'M' : (byte) 'I');
        b.putShort((short) 42).putInt(ifd).putShort((short) tags);
        tag(b, 256, 4, 1, width);            // ImageWidth as LONG
        tag(b, 257, 3, 1, height);           // ImageLength as SHORT
        tag(b, 258, 3, 3, bps);
        tag(b, 259, 3, 1, 1);
        tag(b, 262, 3, 1, 2);
        tag(b, 273, 4, 1, data);
        if (orientation != 0) {
            tag(b, 274, 3, 1, orientation);
        }
        tag(b, 277, 3, 1, 3);
        tag(b, 278, 3, 1, height);
        tag(b, 279, 4, 1, rgb.length);
        b.putInt(0);
        b.putShort((short) 8).putShort((short) 8).putShort((short) 8);
        b.put(rgb);
        return b.array();
    }

    private static void tag(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3 && count == 1) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static void write(Path p, byte[] data) {
        try {
            java.nio.file.Files.write(p, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
