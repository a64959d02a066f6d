package io.clip4j.image;

/**
 * The size an encoded image declares in its header, read without decoding any pixels.
 *
 * @param format a short name of the container format, e.g. {@code "PNG"}, {@code "JPEG"}
 * @param width  the declared width in pixels (may be absurdly large: it comes from untrusted data)
 * @param height the declared height in pixels
 * @see HeaderSniffer
 */
public record ImageHeader(String format, long width, long height) {

    /**
     * The declared number of pixels, width × height, saturating at {@link Long#MAX_VALUE} instead of
     * overflowing.
     *
     * @return width × height
     */
    public long pixels() {
        if (width <= 0 || height <= 0) {
            return 0;
        }
        return Math.multiplyHigh(width, height) != 0 || width * height < 0
                ? Long.MAX_VALUE : width * height;
    }
}
