package io.clip4j.train.probe;

import io.clip4j.BadFileException;
import java.nio.file.Path;

/**
 * A probe head file cannot be used: it is missing, is not a safetensors file, lacks a tensor or
 * metadata field, holds one of the wrong shape or type, or was trained on embeddings of another
 * width than the model it is used with. The message starts with the file and names the field at
 * fault, e.g. {@code head.safetensors: dim: the head takes 512-wide embeddings, the model makes 24};
 * {@link #field()} holds the field.
 */
public class ProbeHeadException extends BadFileException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param file    the head file
     * @param field   the tensor or metadata field at fault, or null for the whole file
     * @param problem what is wrong
     */
    public ProbeHeadException(Path file, String field, String problem) {
        super(file, (field == null ? "" : field + ": ") + problem);
        this.field = field;
    }

    /** The same, caused by {@code cause} (the safetensors reader's or JSON parser's error). */
    public ProbeHeadException(Path file, String field, String problem, Throwable cause) {
        super(file, (field == null ? "" : field + ": ") + problem, cause);
        this.field = field;
    }

    /** The tensor or metadata field at fault ({@code weight}, {@code bias}, {@code labels}, {@code dim}…), or null. */
    public String field() {
        return field;
    }
}
