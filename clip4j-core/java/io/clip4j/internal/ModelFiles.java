package io.clip4j.internal;

import io.clip4j.InvalidModelException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What every file of a model folder must be before it is opened: a regular file (a pipe would block the read forever). */
public final class ModelFiles {
    private ModelFiles() {
    }

    /** @throws InvalidModelException naming {@code file} when it exists and is not a regular file */
    public static void requireRegular(Path file) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new InvalidModelException(file, Files.isDirectory(file) ? "is a directory, not a file"
                    : "is not a regular file (a pipe or a device); model files are read whole");
        }
    }
}
