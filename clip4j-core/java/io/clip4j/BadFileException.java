package io.clip4j;

import java.nio.file.Path;

/**
 * A file the user gave cannot be used: missing, malformed, or inconsistent. The message starts
 * with the file and names the field, line or tensor at fault.
 */
public class BadFileException extends ClipException {
    private final transient Path file;

    /** A problem with {@code file}; the message is {@code "<file>: <problem>"}. */
    public BadFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** A problem with {@code file} caused by {@code cause}. */
    public BadFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
