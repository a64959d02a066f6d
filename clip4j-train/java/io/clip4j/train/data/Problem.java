package io.clip4j.train.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a dataset row, worded so that the user can find and fix it: the dataset
 * file, the line, the image path as it was written, and what is wrong.
 *
 * @param source the CSV file, or the root of a labelled folder
 * @param line   the 1-based line where the row starts, or 0 for a labelled folder
 * @param path   the image path as written in the row (relative to {@code source} for a folder);
 *               empty when the row has no path field
 * @param kind   the kind of problem, for programs
 * @param detail what is wrong, for people
 */
public record Problem(Path source, int line, String path, Kind kind, String detail) {

    /** The kinds of problem validation finds. */
    public enum Kind {
        /** A row with more or fewer fields than the header (or the first row) has. */
        COLUMN_COUNT,
        /** The path field is empty or not a valid path on this system. */
        BAD_PATH,
        /** The caption field is empty or only white space. */
        EMPTY_CAPTION,
        /** No file exists at the path. */
        MISSING_FILE,
        /** The file exists but cannot be read or decoded as an image. */
        UNREADABLE_IMAGE,
        /** The same image with the same caption appeared on an earlier row. */
        DUPLICATE_ROW
    }

    /** Checks the fields. */
    public Problem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    /** {@code "data.csv:12: images/a.png: file not found"}, without the line for folders. */
    @Override
    public String toString() {
        return source + (line > 0 ? ":" + line : "") + ": " + (path.isEmpty() ? "" : path + ": ") + detail;
    }
}
