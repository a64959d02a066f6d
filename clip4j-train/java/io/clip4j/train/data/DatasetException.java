package io.clip4j.train.data;

import io.clip4j.BadFileException;
import java.nio.file.Path;

/**
 * A training dataset cannot be used: the CSV is malformed or unreadable, the folder holds no
 * images, no row is usable, or validation found bad rows and {@link DatasetOptions#skipBad()} was
 * off. The message starts with the CSV file or folder; when validation failed it summarises the
 * report (the first problems, with their lines, and how many there are), and {@link #report()}
 * holds all of them.
 */
public class DatasetException extends BadFileException {
    private static final long serialVersionUID = 1L;

    private final transient ValidationReport report;

    /** A problem with the whole file, found before or without validating rows. */
    public DatasetException(Path source, String problem) {
        super(source, problem);
        this.report = null;
    }

    /** A problem with the whole file caused by {@code cause} (an I/O or parse error). */
    public DatasetException(Path source, String problem, Throwable cause) {
        super(source, problem, cause);
        this.report = null;
    }

    /** Validation failed; the message is {@code problem} followed by the report's summary. */
    public DatasetException(Path source, String problem, ValidationReport report) {
        super(source, problem + ": " + report.summary());
        this.report = report;
    }

    /** The validation report, or {@code null} when the error came before validation. */
    public ValidationReport report() {
        return report;
    }
}
