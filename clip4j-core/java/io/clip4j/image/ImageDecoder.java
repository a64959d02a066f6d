package io.clip4j.image;

import static org.bytedeco.opencv.global.opencv_core.CV_16F;
import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8S;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_ANYCOLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_ANYDEPTH;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.clip4j.internal.FilesByExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns image files, encoded bytes, or a caller's {@link Mat} into an 8-bit, 3-channel BGR
 * {@code Mat} ({@code CV_8UC3}), the form the preprocessing expects.
 *
 * <h2>Formats and conversions</h2>
 * Decoding is OpenCV's {@code imdecode}. Checked with this build (bytedeco OpenCV 4.13): JPEG, PNG,
 * WebP (lossy and lossless), BMP, TIFF, GIF (first frame), PNM/PAM/PFM, Sun raster and Radiance
 * HDR. JPEG 2000 and OpenEXR are disabled in OpenCV by default and are refused. Images are decoded
 * with {@code IMREAD_ANYDEPTH | IMREAD_ANYCOLOR}, so that 16-bit and float samples arrive
 * unchanged, and then converted as {@link #toBgr8(Mat, String)} describes:
 * <ul>
 *   <li>grey becomes three equal channels;</li>
 *   <li>an alpha channel is dropped, not composited over a background: the colour values are kept
 *       as they are, as PIL's {@code convert("RGB")} in the reference pipeline does (OpenCV's PNG,
 *       WebP, TIFF and BMP readers drop alpha this way; checked against the PNG's own samples);</li>
 *   <li>16-bit samples are scaled by 255/65535 and rounded (65535 → 255, 257 → 1, 128 → 0);
 *       PIL keeps the high byte instead, so 16-bit images can differ from the reference by one
 *       level;</li>
 *   <li>floating-point samples (HDR, PFM, float TIFF) are read as [0, 1], scaled by 255 and
 *       clamped.</li>
 * </ul>
 *
 * <h2>Orientation</h2>
 * By default the EXIF {@code Orientation} tag is ignored ({@code IMREAD_IGNORE_ORIENTATION}), as in
 * the reference pipeline. With {@link DecodeOptions#applyExifOrientation()} OpenCV applies it for
 * JPEG (APP1), PNG ({@code eXIf}) and WebP ({@code EXIF} chunk). OpenCV's TIFF reader applies a
 * TIFF's own {@code Orientation} tag in every case; that cannot be turned off.
 *
 * <h2>Limits and bad input</h2>
 * Before decoding, the declared width and height are read from the header ({@link HeaderSniffer})
 * and an image over {@link DecodeOptions#maxPixels()} is refused without allocating its pixels.
 * Formats whose header is not understood fall back to OpenCV's own limit
 * ({@code OPENCV_IO_MAX_IMAGE_PIXELS}, 2<sup>30</sup> pixels by default). Missing files,
 * directories, empty files, non-images, and corrupt or truncated data raise an
 * {@link ImageDecodeException} whose message starts with the input's name; errors thrown inside
 * OpenCV are caught and wrapped the same way. Measured with this build: a JPEG or PNG cut short
 * anywhere (even only its last two bytes) is refused, because OpenCV 4.13 returns no image for it.
 * A JPEG whose entropy-coded data is damaged but complete is decoded, with garbage where the damage
 * is, as libjpeg does; it cannot be told apart from a valid picture. OpenCV and its codec libraries
 * print warnings about such data on stderr.
 *
 * <h2>Ownership</h2>
 * Every {@code Mat} returned is owned by the caller, who frees its native memory with
 * {@link Mat#close()} (or {@code release()}), or lets an enclosing {@link PointerScope} do it: when
 * one is open on the calling thread, the result is attached to it. All temporaries are freed before
 * a method returns, whether it succeeds or throws.
 *
 * <p>An {@code ImageDecoder} holds only its options: it is immutable and safe to share between
 * threads.
 */
public final class ImageDecoder {

    /** Extensions {@link #isImageFile(Path)} accepts, lower case. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp", "bmp", "tif", "tiff");

    /** Bytes read before the header is checked; enough for every header {@link HeaderSniffer} knows. */
    private static final int HEADER_PREFIX = 256 * 1024;

    /** The largest array the JVM reliably allocates. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private final DecodeOptions options;

    /**
     * A decoder with the given options.
     *
     * @param options pixel limit and EXIF handling
     */
    public ImageDecoder(DecodeOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A decoder with {@link DecodeOptions#defaults()}: 100 megapixels at most, EXIF ignored. */
    public ImageDecoder() {
        this(DecodeOptions.defaults());
    }

    /**
     * The options this decoder was made with.
     *
     * @return the options
     */
    public DecodeOptions options() {
        return options;
    }

    /**
     * Reads and decodes an image file.
     *
     * @param file the image file
     * @return a new {@code CV_8UC3} BGR image, owned by the caller (see the class comment)
     * @throws ImageDecodeException if the file is missing, not a regular file, unreadable, empty,
     *                              over the pixel limit, not an image, corrupt or truncated; the
     *                              message starts with the path
     */
    public Mat decode(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        checkReadable(file, name);
        byte[] data;
        Optional<ImageHeader> sniffed;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(HEADER_PREFIX);
            if (head.length == 0) {
                throw new ImageDecodeException(name, "is empty (0 bytes)");
            }
            Optional<ImageHeader> header = HeaderSniffer.sniff(head);
            header.ifPresent(h -> checkLimit(h, name));
            data = head.length < HEADER_PREFIX ? head : concat(head, in.readAllBytes());
            sniffed = header;
        } catch (NoSuchFileException e) {
            throw new ImageDecodeException(name, "does not exist", e);
        } catch (IOException | OutOfMemoryError e) {
            throw new ImageDecodeException(name, "cannot be read: " + describe(e), e);
        }
        return decodeBytes(data, name, sniffed); // the header was read from the file's first bytes
    }

    /**
     * The bytes of an image file, read only if it is a regular file of at most 2 GiB: a FIFO
     * would block the reader and a device such as {@code /dev/zero} would never end.
     *
     * @throws ImageDecodeException naming the file if it is missing, a directory, not a regular
     *                              file, too large, empty or unreadable
     */
    public static byte[] readFile(Path file) {
        String name = file.toString();
        checkReadable(file, name);
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length == 0) {
                throw new ImageDecodeException(name, "is empty (0 bytes)");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new ImageDecodeException(name, "does not exist", e);
        } catch (IOException | OutOfMemoryError e) {
            throw new ImageDecodeException(name, "cannot be read: " + describe(e), e);
        }
    }

    /** A regular file of at most {@link #MAX_FILE_BYTES}, or an error naming what it is. */
    private static void checkReadable(Path file, String name) {
        if (Files.isDirectory(file)) {
            throw new ImageDecodeException(name, "is a directory, not an image file");
        }
        if (!Files.exists(file)) {
            throw new ImageDecodeException(name, io.clip4j.internal.MissingPath.describe(file));
        }
        if (!Files.isRegularFile(file)) {
            throw new ImageDecodeException(name, "is not a regular file");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ImageDecodeException(name, "cannot be read: " + describe(e), e);
        }
        if (size > MAX_FILE_BYTES) {
            throw new ImageDecodeException(name, "is " + size + " bytes, too large to read into memory");
        }
    }

    /**
     * Decodes an encoded image held in memory (the bytes of a JPEG, PNG, … file).
     *
     * @param bytes the encoded image; not modified
     * @param name  a name for the image in error messages (a file name, URL or request id)
     * @return a new {@code CV_8UC3} BGR image, owned by the caller (see the class comment)
     * @throws ImageDecodeException if the bytes are empty, over the pixel limit, not an image,
     *                              corrupt or truncated; the message starts with {@code name}
     */
    public Mat decode(byte[] bytes, String name) {
        Objects.requireNonNull(bytes, "bytes");
        String label = name == null ? "(bytes)" : name;
        if (bytes.length == 0) {
            throw new ImageDecodeException(label, "is empty (0 bytes)");
        }
        return decodeBytes(bytes, label, HeaderSniffer.sniff(bytes));
    }

    /**
     * {@link #decode(byte[], String)} for a caller that has already read the header with
     * {@link HeaderSniffer} (the server, to admit the image): it is not read again.
     */
    public Mat decode(byte[] bytes, String name, ImageHeader header) {
        Objects.requireNonNull(bytes, "bytes");
        return decodeBytes(bytes, name == null ? "(bytes)" : name, Optional.of(header));
    }

    /**
     * Converts a caller's image of any depth and 1 to 4 channels to 8-bit, 3-channel BGR.
     *
     * <ul>
     *   <li>{@code CV_8UC3} is returned as it is: the <em>same</em> {@code Mat} object, no copy
     *       (it may be a non-continuous region of a larger image);</li>
     *   <li>channels: 1 is grey (copied to B, G and R), 2 is grey + alpha (alpha dropped), 3 is BGR,
     *       4 is BGRA (alpha dropped, no compositing); other counts are refused;</li>
     *   <li>depth: {@code CV_16U} and {@code CV_16S} are scaled by 255/65535 and rounded;
     *       {@code CV_16F}, {@code CV_32F} and {@code CV_64F} are taken as [0, 1], scaled by 255 and
     *       clamped; {@code CV_8S} and {@code CV_32S} are clamped to [0, 255] without scaling.</li>
     * </ul>
     * The pixel limit of {@link DecodeOptions} does not apply: the image is already in memory.
     *
     * @param image a 2-D image; not modified
     * @param name  a name for the image in error messages
     * @return {@code image} itself when it is {@code CV_8UC3}, otherwise a new {@code Mat} owned by
     *         the caller (see the class comment)
     * @throws ImageDecodeException if the {@code Mat} is empty, not 2-D, or has more than 4 channels
     *                              or an unknown depth; the message starts with {@code name}
     */
    public Mat toBgr8(Mat image, String name) {
        Objects.requireNonNull(image, "image");
        String label = name == null ? "(Mat)" : name;
        if (image.isNull() || image.empty()) {
            throw new ImageDecodeException(label, "is an empty Mat");
        }
        if (image.type() == CV_8UC3 && image.dims() == 2) {
            return image;
        }
        PointerScope outer = PointerScope.getInnerScope();
        try (PointerScope scope = new PointerScope()) {
            Mat result = convert(image, label);
            handOver(result, outer);
            return result;
        }
    }

    /**
     * Whether a path names an image file by its extension ({@code jpg jpeg png webp bmp tif tiff},
     * any case), for walking directories. The file itself is not opened.
     *
     * @param p a path
     * @return {@code true} if its file name ends in one of the extensions
     */
    public static boolean isImageFile(Path p) {
        return FilesByExtension.matches(p, EXTENSIONS);
    }

    /**
     * The image files under {@code directory}, recursively: regular files with an image
     * extension, sorted so that runs are repeatable.
     *
     * @throws java.io.UncheckedIOException naming the directory if it cannot be listed
     */
    public static java.util.List<Path> listImages(Path directory) {
        return FilesByExtension.listUnder(directory, EXTENSIONS);
    }

    private Mat decodeBytes(byte[] data, String name, Optional<ImageHeader> header) {
        header.ifPresent(h -> checkLimit(h, name));
        int flags = IMREAD_ANYDEPTH | IMREAD_ANYCOLOR
                | (options.applyExifOrientation() ? 0 : IMREAD_IGNORE_ORIENTATION);
        PointerScope outer = PointerScope.getInnerScope();
        try (PointerScope scope = new PointerScope()) {
            BytePointer buffer = new BytePointer(data.length);
            buffer.put(data, 0, data.length);
            Mat encoded = new Mat(1, data.length, CV_8UC1, buffer);
            Mat decoded;
            try {
                decoded = imdecode(encoded, flags);
            } catch (RuntimeException e) {
                throw new ImageDecodeException(name, "could not be decoded" + formatHint(header)
                        + ": " + openCvReason(e.getMessage()), e);
            }
            if (decoded == null || decoded.isNull() || decoded.empty()) {
                throw new ImageDecodeException(name, header
                        .map(h -> "looks like a " + h.format() + " image of " + h.width() + "×" + h.height()
                                + " but could not be decoded (corrupt or truncated data)")
                        .orElse("is not an image OpenCV can decode (unknown format, corrupt or truncated data)"));
            }
            Mat result = decoded.type() == CV_8UC3 ? decoded : convert(decoded, name);
            handOver(result, outer);
            return result;
        }
    }

    /** Converts to a new {@code CV_8UC3} Mat; must run inside a PointerScope (temporaries). */
    private static Mat convert(Mat image, String name) {
        if (image.dims() != 2) {
            throw new ImageDecodeException(name, "is a " + image.dims() + "-dimensional Mat, not a 2-D image");
        }
        int channels = image.channels();
        if (channels < 1 || channels > 4) {
            throw new ImageDecodeException(name, "has " + channels + " channels; only 1 (grey), 2 (grey + alpha),"
                    + " 3 (BGR) or 4 (BGRA) can be read as a colour image");
        }
        try {
            Mat bytes = toDepth8(image, name);
            Mat result = new Mat();
            switch (channels) {
                case 1 -> cvtColor(bytes, result, COLOR_GRAY2BGR);
                case 2 -> {
                    Mat grey = new Mat();
                    extractChannel(bytes, grey, 0);
                    cvtColor(grey, result, COLOR_GRAY2BGR);
                }
                case 3 -> result = bytes;
                default -> cvtColor(bytes, result, COLOR_BGRA2BGR);
            }
            return result;
        } catch (ImageDecodeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ImageDecodeException(name, "could not be converted to 8-bit BGR: OpenCV: "
                    + firstLine(e.getMessage()), e);
        }
    }

    /** The same image with 8-bit unsigned samples (the input itself when it already is). */
    private static Mat toDepth8(Mat image, String name) {
        int depth = image.depth();
        double scale;
        if (depth == CV_8U) {
            return image;
        } else if (depth == CV_16U || depth == CV_16S) {
            scale = 255.0 / 65535.0;
        } else if (depth == CV_16F || depth == CV_32F || depth == CV_64F) {
            scale = 255.0;
        } else if (depth == CV_8S || depth == CV_32S) {
            scale = 1.0;
        } else {
            throw new ImageDecodeException(name, "has an unsupported sample depth (OpenCV depth " + depth + ")");
        }
        Mat out = new Mat();
        image.convertTo(out, CV_8U, scale, 0.0);
        return out;
    }

    /**
     * Keeps {@code result} alive past the inner scope that created it: attached to the caller's
     * scope when one is open, otherwise given one reference that the caller's {@code close()} drops.
     */
    private static void handOver(Mat result, PointerScope outer) {
        if (outer != null) {
            outer.attach(result);
        } else {
            result.retainReference();
        }
    }

    private void checkLimit(ImageHeader header, String name) {
        long max = options.maxPixels();
        if (header.pixels() > max) {
            throw new ImageDecodeException(name, "is " + header.width() + "×" + header.height() + " = "
                    + java.math.BigInteger.valueOf(header.width()).multiply(java.math.BigInteger.valueOf(header.height()))
                    + " pixels, over the limit of " + max + " (DecodeOptions.maxPixels)");
        }
    }

    private static String formatHint(Optional<ImageHeader> header) {
        return header.map(h -> " as " + h.format()).orElse("");
    }

    /** The useful part of an OpenCV error: its first line, without the source path before "error: ". */
    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        String m = message.strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl).strip();
        int error = m.indexOf("error: ");
        return error < 0 ? m : m.substring(error + "error: ".length());
    }

    /**
     * OpenCV's failure in the user's terms: its size-limit assertions name internal constants
     * ({@code CV_IO_MAX_IMAGE_HEIGHT}, …), which say nothing to someone sending a picture.
     */
    static String openCvReason(String message) {
        String line = firstLine(message);
        if (line.contains("CV_IO_MAX_IMAGE")) {
            return "its dimensions exceed what the decoder accepts (at most 1,048,576 pixels per side and 2^30 pixels)";
        }
        return "OpenCV: " + line;
    }

    private static String describe(Throwable e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + " (" + e.getClass().getSimpleName() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage() + " (" + e.getClass().getSimpleName() + ")";
    }

    private static byte[] concat(byte[] head, byte[] rest) {
        if (rest.length == 0) {
            return head;
        }
        byte[] all = Arrays.copyOf(head, head.length + rest.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        return all;
    }
}
