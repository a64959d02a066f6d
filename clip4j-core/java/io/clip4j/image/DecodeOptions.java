package io.clip4j.image;

/**
 * How {@link ImageDecoder} treats the images it reads.
 *
 * @param maxPixels            the largest image, in pixels (width × height), that the decoder
 *                             agrees to decode. It is checked against the size written in the file's
 *                             header <em>before</em> any pixel memory is allocated, so a small file that
 *                             claims to be enormous (a "decompression bomb") is refused with an
 *                             {@link ImageDecodeException} instead of exhausting memory. Must be
 *                             positive.
 * @param applyExifOrientation whether to rotate/flip the pixels as the EXIF {@code Orientation} tag
 *                             of a JPEG, PNG or WebP file says. {@code false} by default, because the
 *                             reference pipeline (PIL in transformers' {@code CLIPImageProcessor})
 *                             does not apply it either, and embeddings should match the reference.
 *                             TIFF files are the exception: OpenCV's TIFF reader always applies the
 *                             TIFF {@code Orientation} tag, whatever this flag says.
 */
public record DecodeOptions(long maxPixels, boolean applyExifOrientation) {

    /** The default pixel limit: 100 megapixels (e.g. 10,000 × 10,000). */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if {@code maxPixels} is not positive
     */
    public DecodeOptions {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
    }

    /**
     * The defaults: at most {@value #DEFAULT_MAX_PIXELS} pixels, EXIF orientation ignored (as the
     * reference pipeline does).
     *
     * @return the default options
     */
    public static DecodeOptions defaults() {
        return new DecodeOptions(DEFAULT_MAX_PIXELS, false);
    }

    /**
     * A copy with another pixel limit.
     *
     * @param maxPixels the largest accepted width × height, positive
     * @return new options, the EXIF setting unchanged
     */
    public DecodeOptions withMaxPixels(long maxPixels) {
        return new DecodeOptions(maxPixels, applyExifOrientation);
    }

    /**
     * A copy with EXIF orientation applied or ignored.
     *
     * @param apply {@code true} to rotate/flip images as their EXIF orientation tag says
     * @return new options, the pixel limit unchanged
     */
    public DecodeOptions withExifOrientation(boolean apply) {
        return new DecodeOptions(maxPixels, apply);
    }
}
