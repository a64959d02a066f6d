package io.clip4j.image;

import io.clip4j.ClipException;

/**
 * An image could not be turned into pixels: the file is missing, unreadable, empty, not an image,
 * corrupt or truncated, too large for {@link DecodeOptions#maxPixels()}, or a caller's
 * {@code Mat} has a layout that cannot be read as a colour image.
 *
 * <p>The message always starts with the input's name (the file's path, or the name the caller gave
 * for bytes and {@code Mat}s), followed by what is wrong with it, so that it can be printed on one
 * line as it is.
 */
public class ImageDecodeException extends ClipException {

    private static final long serialVersionUID = 1L;

    /** The name of the input that failed, as {@link #input()} returns it. */
    private final String input;

    /**
     * Creates the exception.
     *
     * @param input  the input's name: a path, or the caller-given name of bytes or a {@code Mat}
     * @param detail what is wrong, worded to follow the name (e.g. {@code "is empty (0 bytes)"})
     */
    public ImageDecodeException(String input, String detail) {
        super(message(input, detail));
        this.input = input;
    }

    /**
     * Creates the exception with the error that caused it.
     *
     * @param input  the input's name: a path, or the caller-given name of bytes or a {@code Mat}
     * @param detail what is wrong, worded to follow the name
     * @param cause  the underlying error (an {@code IOException}, or OpenCV's exception)
     */
    public ImageDecodeException(String input, String detail, Throwable cause) {
        super(message(input, detail), cause);
        this.input = input;
    }

    /**
     * The name of the input that failed.
     *
     * @return the file's path, or the name the caller gave for bytes or a {@code Mat}
     */
    public String input() {
        return input;
    }

    private static String message(String input, String detail) {
        return input + (detail.startsWith(":") ? "" : " ") + detail;
    }
}
