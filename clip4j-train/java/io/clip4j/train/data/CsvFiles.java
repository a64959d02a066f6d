package io.clip4j.train.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;

/**
 * How clip4j's training code reads the text and CSV files users give it (captions CSVs,
 * tokenizer corpora): strict UTF-8 with a leading byte-order mark skipped, RFC 4180 CSV (quoted
 * fields may hold commas and line breaks; blank lines skipped), and one wording for what went
 * wrong, so that every reader reports a file the same way.
 */
public final class CsvFiles {
    /** RFC 4180, blank lines skipped; add a header rule with {@code FORMAT.builder()}. */
    public static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private CsvFiles() {
    }

    /**
     * Opens {@code file} as UTF-8 text that fails on malformed bytes, past any byte-order mark.
     *
     * @throws IOException as {@link Files#newBufferedReader}; a folder fails here too
     */
    public static BufferedReader openUtf8(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new NotAFileException();
        }
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            return reader;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * What went wrong while reading a file, in words that follow its name: "does not exist",
     * "is a directory, not a file", "is not UTF-8 text", "is not valid CSV near line N: ..." or
     * "cannot be read: ...".
     *
     * @param failure what {@link #openUtf8}, the reader or commons-csv threw (commons-csv reports
     *     malformed input as {@link CSVException}, or wrapped in {@link UncheckedIOException} or
     *     {@link IllegalStateException})
     * @param parsedLines the lines the CSV parser had consumed when it failed
     */
    public static String problem(Exception failure, long parsedLines) {
        Throwable e = failure instanceof UncheckedIOException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (e instanceof NoSuchFileException) {
            return "does not exist";
        }
        if (e instanceof NotAFileException) {
            return "is a directory, not a file";
        }
        if (e instanceof CharacterCodingException) {
            return "is not UTF-8 text";
        }
        if (e instanceof CSVException || e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
            String message = e.getCause() != null && e.getCause().getMessage() != null
                    ? e.getCause().getMessage() : e.getMessage();
            return "is not valid CSV near line " + (parsedLines + 1) + ": " + message;
        }
        return "cannot be read: " + e.getMessage();
    }

    /** {@link #openUtf8} was given a folder. */
    private static final class NotAFileException extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
