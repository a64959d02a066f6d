package io.clip4j.index;

import java.util.Map;

/**
 * Writes an image index: one row (document) per file path, replaced by path, made durable in
 * batches by {@link #commit()}. What a writer wrote before a crash is there after it up to the
 * last commit, each path once. {@link IndexBuilder} drives one; open it with
 * {@link VectorStores#openWriter}.
 */
public interface VectorStoreWriter extends AutoCloseable {
    /** Where the store is, for messages: a directory or a JDBC URL without credentials. */
    String location();

    /** The model, embedding size and similarity the store records. */
    IndexMetadata metadata();

    /** The files as of the last commit (and this writer's own changes since), path → file. */
    Map<String, IndexedFile> files();

    /**
     * The unit vector stored for {@code path}, or null when there is none; as stored when this
     * writer opened or later (a builder asks only for rows it has not rewritten).
     */
    float[] vector(String path);

    /** Adds a file that is not in the store yet. */
    void add(IndexedFile file, float[] vector);

    /** Adds or replaces the row of {@code file.path()}. */
    void put(IndexedFile file, float[] vector);

    /** Removes the row of {@code path}, if any. */
    void delete(String path);

    /** Makes everything written so far durable and visible to searchers. */
    void commit();

    /** Rows, this writer's uncommitted changes included. */
    int documentCount();

    /** Closes without committing what came after the last commit. */
    @Override
    void close();
}
