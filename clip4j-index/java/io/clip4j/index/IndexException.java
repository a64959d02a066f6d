package io.clip4j.index;

import io.clip4j.ClipException;
import java.nio.file.Path;

/**
 * A vector index directory cannot be used: it does not exist, is not a clip4j index, is locked
 * by another writer, is damaged, or holds data this version cannot read. The message starts
 * with the index directory and says what is wrong with it.
 */
public class IndexException extends ClipException {
    private static final long serialVersionUID = 1L;

    /** The index directory at fault, as {@link #directory()} returns it. */
    private final transient Path directory;

    /**
     * Creates the exception.
     *
     * @param directory the index directory
     * @param problem what is wrong, worded to follow the directory's name
     */
    public IndexException(Path directory, String problem) {
        super("index " + directory + ": " + problem);
        this.directory = directory;
    }

    /**
     * Creates the exception with the error that caused it.
     *
     * @param directory the index directory
     * @param problem what is wrong, worded to follow the directory's name
     * @param cause the underlying error (usually Lucene's {@code IOException})
     */
    public IndexException(Path directory, String problem, Throwable cause) {
        super("index " + directory + ": " + problem, cause);
        this.directory = directory;
    }

    /**
     * The index directory at fault.
     *
     * @return the directory as it was given
     */
    public Path directory() {
        return directory;
    }
}
