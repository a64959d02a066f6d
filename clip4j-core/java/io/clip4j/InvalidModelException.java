package io.clip4j;

import java.nio.file.Path;

/**
 * A model directory or one of its files cannot be used: a file is missing, malformed, or
 * disagrees with the rest of the checkpoint. The message names the file and, where there is
 * one, the tensor or field at fault.
 */
public class InvalidModelException extends BadFileException {
    public InvalidModelException(Path file, String problem) {
        super(file, problem);
    }

    public InvalidModelException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
