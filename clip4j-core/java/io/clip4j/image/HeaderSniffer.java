package io.clip4j.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads an encoded image's declared width and height from its header, without decoding it, so that
 * {@link ImageDecoder} can refuse an oversized image before OpenCV allocates its pixels.
 *
 * <p>Understood: PNG (IHDR), JPEG (the first SOF<i>n</i> marker), WebP (VP8, VP8L and VP8X chunks),
 * BMP (core and info headers), TIFF and BigTIFF (IFD0 {@code ImageWidth}/{@code ImageLength}, both
 * byte orders), GIF (logical screen), PNM/PAM/PFM, Sun raster and Radiance HDR. Anything else, and
 * any header that is cut short or inconsistent, gives an empty result: the caller then lets OpenCV
 * decide (OpenCV has its own, larger limit, {@code OPENCV_IO_MAX_IMAGE_PIXELS}, 2<sup>30</sup> by
 * default).
 *
 * <p>All reads are bounds-checked; the input is untrusted.
 */
public final class HeaderSniffer {

    private HeaderSniffer() {
    }

    /**
     * Reads the declared size from the start of an encoded image.
     *
     * @param data the encoded image (or its first bytes)
     * @return the header, or empty when the format is not recognised or the header cannot be read
     */
    public static Optional<ImageHeader> sniff(byte[] data) {
        return sniff(data, data.length);
    }

    /**
     * Reads the declared size from the first {@code length} bytes of {@code data}.
     *
     * @param data   a buffer holding the start of an encoded image
     * @param length how many bytes of {@code data} are valid
     * @return the header, or empty when the format is not recognised, or the header is not complete
     *         within {@code length} bytes, or it is inconsistent
     */
    public static Optional<ImageHeader> sniff(byte[] data, int length) {
        Bytes b = new Bytes(data, Math.min(length, data.length));
        ImageHeader h;
        try {
            h = sniff(b);
        } catch (OutOfRange e) {
            h = null;
        }
        if (h == null || h.width() <= 0 || h.height() <= 0) {
            return Optional.empty();
        }
        return Optional.of(h);
    }

    private static ImageHeader sniff(Bytes b) {
        if (b.startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return png(b);
        }
        if (b.startsWith(0xFF, 0xD8)) {
            return jpeg(b);
        }
        if (b.startsWith('R', 'I', 'F', 'F') && b.ascii(8, 4).equals("WEBP")) {
            return webp(b);
        }
        if (b.startsWith('B', 'M')) {
            return bmp(b);
        }
        if (b.startsWith('I', 'I', 42, 0) || b.startsWith('M', 'M', 0, 42)) {
            return tiff(b);
        }
        if (b.startsWith('I', 'I', 43, 0) || b.startsWith('M', 'M', 0, 43)) {
            return bigTiff(b);
        }
        if (b.startsWith('G', 'I', 'F', '8')) {
            return new ImageHeader("GIF", b.u16le(6), b.u16le(8));
        }
        if (b.startsWith(0x59, 0xA6, 0x6A, 0x95)) {
            return new ImageHeader("Sun raster", b.u32be(4), b.u32be(8));
        }
        if (b.length() > 2 && b.u8(0) == 'P') {
            int kind = b.u8(1);
            if (kind >= '1' && kind <= '6' || kind == 'F' || kind == 'f') {
                return pnm(b);
            }
            if (kind == '7') {
                return pam(b);
            }
        }
        if (b.startsWith('#', '?')) {
            return radiance(b);
        }
        return null;
    }

    private static ImageHeader png(Bytes b) {
        if (!b.ascii(12, 4).equals("IHDR")) {
            return null;
        }
        return new ImageHeader("PNG", b.u32be(16), b.u32be(20));
    }

    private static ImageHeader jpeg(Bytes b) {
        int i = 2;
        while (i < b.length()) {
            if (b.u8(i) != 0xFF) {          // stray bytes between segments: libjpeg skips them too
                i++;
                continue;
            }
            while (i < b.length() && b.u8(i) == 0xFF) {   // fill bytes
                i++;
            }
            int marker = b.u8(i++);
            if (marker == 0x00 || marker == 0x01 || marker == 0xD8 || marker >= 0xD0 && marker <= 0xD7) {
                continue;                    // no length field
            }
            if (marker == 0xD9 || marker == 0xDA) {
                return null;                 // end of image or start of scan before any frame header
            }
            int segment = b.u16be(i);
            boolean sof = marker >= 0xC0 && marker <= 0xCF
                    && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                return new ImageHeader("JPEG", b.u16be(i + 5), b.u16be(i + 3));
            }
            if (segment < 2) {
                return null;
            }
            i += segment;
        }
        return null;
    }

    private static ImageHeader webp(Bytes b) {
        String chunk = b.ascii(12, 4);
        switch (chunk) {
            case "VP8 " -> {
                if (b.u8(23) != 0x9D || b.u8(24) != 0x01 || b.u8(25) != 0x2A) {
                    return null;
                }
                return new ImageHeader("WebP", b.u16le(26) & 0x3FFF, b.u16le(28) & 0x3FFF);
            }
            case "VP8L" -> {
                if (b.u8(20) != 0x2F) {
                    return null;
                }
                long bits = b.u32le(21);
                return new ImageHeader("WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
            }
            case "VP8X" -> {
                return new ImageHeader("WebP", b.u24le(24) + 1, b.u24le(27) + 1);
            }
            default -> {
                return null;
            }
        }
    }

    private static ImageHeader bmp(Bytes b) {
        long dib = b.u32le(14);
        if (dib == 12) {
            return new ImageHeader("BMP", b.u16le(18), b.u16le(20));
        }
        if (dib < 16) {
            return null;
        }
        return new ImageHeader("BMP", Math.abs((long) (int) b.u32le(18)), Math.abs((long) (int) b.u32le(22)));
    }

    private static final int TIFF_IMAGE_WIDTH = 256;
    private static final int TIFF_IMAGE_LENGTH = 257;

    private static ImageHeader tiff(Bytes b) {
        b.bigEndian = b.u8(0) == 'M';
        long ifd = b.u32(4);
        if (ifd > Integer.MAX_VALUE - 2) {
            return null;
        }
        int at = (int) ifd;
        int count = b.u16(at);
        long width = -1;
        long height = -1;
        for (int k = 0; k < count; k++) {
            int e = at + 2 + 12 * k;
            int tag = b.u16(e);
            long value = tiffValue(b, b.u16(e + 2), e + 8);
            if (tag == TIFF_IMAGE_WIDTH) {
                width = value;
            } else if (tag == TIFF_IMAGE_LENGTH) {
                height = value;
            }
            if (width >= 0 && height >= 0) {
                return new ImageHeader("TIFF", width, height);
            }
        }
        return null;
    }

    private static ImageHeader bigTiff(Bytes b) {
        b.bigEndian = b.u8(0) == 'M';
        if (b.u16(4) != 8 || b.u16(6) != 0) {
            return null;
        }
        long ifd = b.u64(8);
        if (ifd < 0 || ifd > Integer.MAX_VALUE - 8) {
            return null;
        }
        int at = (int) ifd;
        long count = b.u64(at);
        long width = -1;
        long height = -1;
        for (long k = 0; k < count && at + 8 + 20 * k < b.length(); k++) {
            int e = (int) (at + 8 + 20 * k);
            int tag = b.u16(e);
            int type = b.u16(e + 2);
            long value = type == 16 ? b.u64(e + 12) : tiffValue(b, type, e + 12);
            if (value < 0) {
                value = Long.MAX_VALUE;      // an unsigned 64-bit size beyond long's range
            }
            if (tag == TIFF_IMAGE_WIDTH) {
                width = value;
            } else if (tag == TIFF_IMAGE_LENGTH) {
                height = value;
            }
            if (width >= 0 && height >= 0) {
                return new ImageHeader("TIFF", width, height);
            }
        }
        return null;
    }

    /** A SHORT (3) or LONG (4) value stored in place; 0 (read as "unknown") for other types. */
    private static long tiffValue(Bytes b, int type, int at) {
        return switch (type) {
            case 3 -> b.u16(at);
            case 4 -> b.u32(at);
            default -> 0;
        };
    }

    private static final int TEXT_HEADER_LIMIT = 4096;

    /** P1–P6 (PBM/PGM/PPM) and PF/Pf (PFM): magic, width, height, separated by whitespace/comments. */
    private static ImageHeader pnm(Bytes b) {
        Tokens t = new Tokens(b, 2);
        if (!t.separatorFollows()) {
            return null;
        }
        long w = t.number();
        long h = t.number();
        return w < 0 || h < 0 ? null : new ImageHeader("PNM", w, h);
    }

    /** P7 (PAM): keyword lines up to ENDHDR. */
    private static ImageHeader pam(Bytes b) {
        Tokens t = new Tokens(b, 2);
        long w = -1;
        long h = -1;
        for (String word = t.word(); word != null && !word.equals("ENDHDR"); word = t.word()) {
            if (word.equals("WIDTH")) {
                w = t.number();
            } else if (word.equals("HEIGHT")) {
                h = t.number();
            }
        }
        return w < 0 || h < 0 ? null : new ImageHeader("PAM", w, h);
    }

    /** Radiance RGBE: text lines, an empty line, then e.g. {@code -Y 300 +X 451}. */
    private static ImageHeader radiance(Bytes b) {
        String head = b.ascii(0, Math.min(b.length(), TEXT_HEADER_LIMIT));
        if (!head.startsWith("#?RADIANCE") && !head.startsWith("#?RGBE")) {
            return null;
        }
        int blank = head.indexOf("\n\n");
        if (blank < 0) {
            return null;
        }
        int end = head.indexOf('\n', blank + 2);
        if (end < 0) {
            return null;
        }
        String[] parts = head.substring(blank + 2, end).trim().split("\\s+");
        if (parts.length != 4 || parts[0].length() != 2 || parts[2].length() != 2) {
            return null;
        }
        try {
            long first = Long.parseLong(parts[1]);
            long second = Long.parseLong(parts[3]);
            boolean rowsFirst = parts[0].charAt(1) == 'Y';
            return rowsFirst ? new ImageHeader("Radiance HDR", second, first)
                    : new ImageHeader("Radiance HDR", first, second);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whitespace/comment-separated ASCII tokens of a Netpbm header. */
    private static final class Tokens {
        private final Bytes b;
        private final int end;
        private int pos;

        Tokens(Bytes b, int pos) {
            this.b = b;
            this.pos = pos;
            this.end = Math.min(b.length(), TEXT_HEADER_LIMIT);
        }

        boolean separatorFollows() {
            return pos < end && (isSpace(b.u8(pos)) || b.u8(pos) == '#');
        }

        String word() {
            skip();
            int start = pos;
            while (pos < end && !isSpace(b.u8(pos)) && b.u8(pos) != '#') {
                pos++;
            }
            return pos == start || pos >= end ? null : b.ascii(start, pos - start);
        }

        /** The next token as a non-negative decimal, or -1 when it is not one (or too long). */
        long number() {
            String w = word();
            if (w == null || w.isEmpty() || w.length() > 12 || !w.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            return Long.parseLong(w);
        }

        private void skip() {
            while (pos < end) {
                int c = b.u8(pos);
                if (c == '#') {
                    while (pos < end && b.u8(pos) != '\n' && b.u8(pos) != '\r') {
                        pos++;
                    }
                } else if (isSpace(c)) {
                    pos++;
                } else {
                    return;
                }
            }
        }

        private static boolean isSpace(int c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
        }
    }

    /** Thrown by {@link Bytes} when a read would go past the valid data. */
    private static final class OutOfRange extends RuntimeException {
        OutOfRange() {
            super(null, null, false, false);
        }
    }

    /** Bounds-checked little/big-endian reads over the valid part of a buffer. */
    private static final class Bytes {
        private final byte[] data;
        private final int length;
        boolean bigEndian;

        Bytes(byte[] data, int length) {
            this.data = data;
            this.length = Math.max(0, length);
        }

        int length() {
            return length;
        }

        int u8(int i) {
            if (i < 0 || i >= length) {
                throw new OutOfRange();
            }
            return data[i] & 0xFF;
        }

        boolean startsWith(int... magic) {
            if (length < magic.length) {
                return false;
            }
            for (int i = 0; i < magic.length; i++) {
                if ((data[i] & 0xFF) != magic[i]) {
                    return false;
                }
            }
            return true;
        }

        String ascii(int from, int count) {
            if (from < 0 || count < 0 || from + count > length) {
                return "";
            }
            return new String(data, from, count, StandardCharsets.ISO_8859_1);
        }

        int u16le(int i) {
            return u8(i) | u8(i + 1) << 8;
        }

        int u16be(int i) {
            return u8(i) << 8 | u8(i + 1);
        }

        long u24le(int i) {
            return u8(i) | u8(i + 1) << 8 | (long) u8(i + 2) << 16;
        }

        long u32le(int i) {
            return u16le(i) | (long) u16le(i + 2) << 16;
        }

        long u32be(int i) {
            return (long) u16be(i) << 16 | u16be(i + 2);
        }

        int u16(int i) {
            return bigEndian ? u16be(i) : u16le(i);
        }

        long u32(int i) {
            return bigEndian ? u32be(i) : u32le(i);
        }

        /** An unsigned 64-bit value; negative when it exceeds {@link Long#MAX_VALUE}. */
        long u64(int i) {
            return bigEndian ? u32be(i) << 32 | u32be(i + 4) : u32le(i) | u32le(i + 4) << 32;
        }
    }
}
