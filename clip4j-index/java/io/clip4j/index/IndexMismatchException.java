package io.clip4j.index;

import java.nio.file.Path;

/**
 * An index was built with another model than the one given to search or extend it: the
 * embedding sizes differ, or the model files do not match the fingerprint the index recorded.
 * Embeddings of different models live in different spaces and cannot be compared, so clip4j
 * refuses instead of returning meaningless neighbours. The message names both models.
 */
public class IndexMismatchException extends IndexException {
    private static final long serialVersionUID = 1L;

    /** The model the index records. */
    private final transient ModelIdentity indexed;
    /** The model that was given. */
    private final transient ModelIdentity given;

    /**
     * Creates the exception.
     *
     * @param directory the index directory
     * @param indexed the model the index was built with
     * @param given the model that was given
     */
    public IndexMismatchException(Path directory, ModelIdentity indexed, ModelIdentity given) {
        super(directory, describe(indexed, given));
        this.indexed = indexed;
        this.given = given;
    }

    /**
     * Creates the exception for an index that is not a directory (a database table).
     *
     * @param location where the index is, without credentials
     * @param indexed the model the index was built with
     * @param given the model that was given
     */
    public IndexMismatchException(String location, ModelIdentity indexed, ModelIdentity given) {
        super(location, describe(indexed, given), null);
        this.indexed = indexed;
        this.given = given;
    }

    /**
     * The model the index was built with, as its commit data records it.
     *
     * @return the recorded identity
     */
    public ModelIdentity indexed() {
        return indexed;
    }

    /**
     * The model that was given.
     *
     * @return the given model's identity
     */
    public ModelIdentity given() {
        return given;
    }

    private static String describe(ModelIdentity indexed, ModelIdentity given) {
        String what = indexed.dim() != given.dim()
                ? "stores " + indexed.dim() + "-dimensional vectors but model '" + given.name() + "' makes "
                        + given.dim() + "-dimensional embeddings"
                : "was built with model '" + indexed.name() + "' (" + indexed.directory() + ", fingerprint "
                        + indexed.shortFingerprint() + ") but model '" + given.name() + "' (" + given.directory()
                        + ", fingerprint " + given.shortFingerprint() + ") was given";
        return what + "; embeddings of different models cannot be compared: use the model the index was built with"
                + " (" + indexed.directory() + ") or build a new index";
    }
}
