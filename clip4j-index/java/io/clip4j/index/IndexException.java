package io.clip4j.index;

import io.clip4j.ClipException;
import java.nio.file.Path;

/**
 * A vector index cannot be used: it does not exist, is not a clip4j index, is locked by another
 * writer, is damaged, holds data this version cannot read, or its database refused. The message
 * starts with the index's location (a directory, or a JDBC URL without credentials) and says
 * what is wrong with it.
 */
public class IndexException extends ClipException {
    private static final long serialVersionUID = 1L;

    /** The index directory at fault, as {@link #directory()} returns it. */
    private final transient Path directory;
    private final String location;

    /**
     * Creates the exception.
     *
     * @param directory the index directory
     * @param problem what is wrong, worded to follow the directory's name
     */
    public IndexException(Path directory, String problem) {
        super("index " + directory + ": " + problem);
        this.directory = directory;
        this.location = String.valueOf(directory);
    }

    /**
     * An index that is not a directory (a database table).
     *
     * @param location where the index is, without credentials
     * @param problem what is wrong, worded to follow the location
     * @param cause the underlying error, or null
     */
    public IndexException(String location, String problem, Throwable cause) {
        super("index " + location + ": " + problem, cause);
        this.directory = null;
        this.location = location;
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
        this.location = String.valueOf(directory);
    }

    /**
     * The index directory at fault.
     *
     * @return the directory as it was given; null for an index in a database
     */
    public Path directory() {
        return directory;
    }

    /**
     * Where the index at fault is: its directory, or a JDBC URL without credentials.
     *
     * @return the location
     */
    public String location() {
        return location;
    }
}
