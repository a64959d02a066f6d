package io.clip4j.index;

/**
 * Hears how an {@link IndexBuilder} run goes: for progress bars, logs and error lines. Every
 * method has an empty default. Called on the building thread.
 */
public interface BuildListener {
    /** A listener that does nothing. */
    BuildListener NONE = new BuildListener() {
    };

    /**
     * The plan, once the files are listed and compared with the index.
     *
     * @param found image files the inputs cover
     * @param toLoad files to read (new, or changed by size or time, or all with rehash)
     * @param toRemove indexed files that are gone
     */
    default void planned(int found, int toLoad, int toRemove) {
    }

    /**
     * A batch of files went through (embedded, skipped or failed).
     *
     * @param files how many
     */
    default void progressed(int files) {
    }

    /**
     * A file could not be indexed.
     *
     * @param path the file
     * @param error why, starting with the path
     */
    default void failed(String path, String error) {
    }

    /**
     * A commit landed.
     *
     * @param documents documents in the index after it
     */
    default void committed(int documents) {
    }
}
