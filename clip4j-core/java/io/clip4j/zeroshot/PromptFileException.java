package io.clip4j.zeroshot;

import io.clip4j.BadFileException;
import java.nio.file.Path;

/**
 * A prompt-template or class-name file cannot be used: it is missing, unreadable, malformed
 * JSON, empty, or one of its entries is invalid. The message names the file and the line
 * ({@code line 7}) or JSON field ({@code templates[3]}) at fault.
 */
public class PromptFileException extends BadFileException {
    /** A problem with {@code file}; the message is {@code "<file>: <problem>"}. */
    public PromptFileException(Path file, String problem) {
        super(file, problem);
    }

    /** A problem with {@code file} caused by {@code cause}. */
    public PromptFileException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
