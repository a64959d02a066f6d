package io.clip4j.train.data;

import io.clip4j.image.DecodeOptions;
import io.clip4j.image.HeaderSniffer;
import io.clip4j.image.ImageDecodeException;
import io.clip4j.image.ImageDecoder;
import io.clip4j.image.ImageHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;

/**
 * Checks rows before training: a path that resolves, a caption that is not empty, an image file
 * that exists and can be read as {@link DatasetOptions.ImageCheck} asks, and no repeated
 * (image, caption) pair. Each distinct image file is checked once, however many captions it has.
 */
final class RowValidator {
    /** Bytes read for a header check; the same prefix {@link ImageDecoder} sniffs. */
    private static final int HEADER_BYTES = 256 * 1024;

    private final DatasetOptions options;
    private final ImageDecoder decoder;

    RowValidator(DatasetOptions options) {
        this.options = options;
        this.decoder = new ImageDecoder(options.decode());
    }

    /** The usable rows as samples, and the report of everything found (including {@code raw}'s problems). */
    Result validate(RawRows raw) {
        List<Problem> problems = new ArrayList<>(raw.problems());
        List<Sample> samples = new ArrayList<>();
        Map<Path, Optional<Problem>> checkedImages = new HashMap<>();
        Map<Pair, Integer> seen = new HashMap<>();
        for (Row row : raw.rows()) {
            List<Problem> found = new ArrayList<>();
            Path image = resolve(raw, row, found);
            if (row.caption().isEmpty()) {
                found.add(problem(raw, row, Problem.Kind.EMPTY_CAPTION, "empty caption"));
            }
            if (image != null) {
                checkedImages.computeIfAbsent(image, p -> checkImage(raw, row, p))
                        .map(first -> problem(raw, row, first.kind(), first.detail()))
                        .ifPresent(found::add);
                Integer earlier = seen.putIfAbsent(new Pair(image, row.caption()), row.line());
                if (earlier != null) {
                    found.add(problem(raw, row, Problem.Kind.DUPLICATE_ROW, "duplicate row: same image and caption as "
                            + (earlier > 0 ? "line " + earlier : "an earlier file")));
                }
            }
            if (found.isEmpty()) {
                samples.add(new Sample(image, row.caption(), row.label(), row.line()));
            }
            problems.addAll(found);
        }
        problems.sort(Comparator.comparingInt(Problem::line));
        return new Result(samples, new ValidationReport(raw.source(), raw.rowCount(), samples.size(), problems));
    }

    /** What {@link #validate} found. */
    record Result(List<Sample> samples, ValidationReport report) {
    }

    private record Pair(Path image, String caption) {
    }

    private static Path resolve(RawRows raw, Row row, List<Problem> found) {
        if (row.path().isEmpty()) {
            found.add(problem(raw, row, Problem.Kind.BAD_PATH, "empty path"));
            return null;
        }
        try {
            return raw.base().resolve(row.path()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            found.add(problem(raw, row, Problem.Kind.BAD_PATH, "not a valid path: " + e.getReason()));
            return null;
        }
    }

    /** The problem with an image file, if any, found by the configured check. */
    private Optional<Problem> checkImage(RawRows raw, Row row, Path image) {
        if (!Files.exists(image)) {
            return Optional.of(problem(raw, row, Problem.Kind.MISSING_FILE, "file not found (" + image + ")"));
        }
        String why = switch (options.imageCheck()) {
            case EXISTS -> Files.isRegularFile(image) ? null : "is not a regular file";
            case HEADER -> checkHeader(image, options.decode());
            case DECODE -> checkDecode(image);
        };
        return Optional.ofNullable(why).map(w -> problem(raw, row, Problem.Kind.UNREADABLE_IMAGE, w));
    }

    private String checkDecode(Path image) {
        try (PointerScope scope = new PointerScope()) {
            decoder.decode(image);
            return null;
        } catch (ImageDecodeException e) {
            return "cannot be decoded: " + withoutName(e.getMessage(), image);
        }
    }

    private static String checkHeader(Path image, DecodeOptions limits) {
        if (!Files.isRegularFile(image)) {
            return "is not a regular file";
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(image)) {
            head = in.readNBytes(HEADER_BYTES);
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
        if (head.length == 0) {
            return "is empty (0 bytes)";
        }
        Optional<ImageHeader> header = HeaderSniffer.sniff(head);
        if (header.isEmpty()) {
            return "is not a recognised image (unknown format or damaged header)";
        }
        ImageHeader h = header.get();
        if (h.pixels() > limits.maxPixels()) {
            return "is " + h.width() + "×" + h.height() + " pixels, over the limit of " + limits.maxPixels()
                    + " (DecodeOptions.maxPixels)";
        }
        return null;
    }

    /** The decoder's message without the path it starts with (the problem names the path already). */
    private static String withoutName(String message, Path image) {
        String name = image.toString();
        return message != null && message.startsWith(name) ? message.substring(name.length()).strip() : message;
    }

    private static Problem problem(RawRows raw, Row row, Problem.Kind kind, String detail) {
        return new Problem(raw.source(), row.line(), row.path(), kind, detail);
    }
}
