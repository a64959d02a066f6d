package io.clip4j.index;

import java.util.List;
import java.util.Map;

/**
 * An image index opened for searching, wherever it keeps its vectors: Lucene files in a
 * directory ({@link VectorIndex}) or a PostgreSQL table with pgvector (module
 * {@code clip4j-index-pgvector}). Open one by location with {@link VectorStores#open}. Scores
 * are cosine similarities; queries of any length are scaled to unit length first. Safe to use
 * from several threads at once.
 */
public interface VectorStore extends AutoCloseable {
    /** Where the store is, for messages: a directory or a JDBC URL without credentials. */
    String location();

    /** The model, embedding size and similarity the store records. */
    IndexMetadata metadata();

    /**
     * Checks that vectors of {@code model} can be searched here.
     *
     * @throws IndexMismatchException naming both models when they differ
     */
    void requireModel(ModelIdentity model);

    /** Number of indexed images. */
    int size();

    /** The indexed files and their recorded hash, size and time, path → file. */
    Map<String, IndexedFile> files();

    /**
     * The images nearest {@code query}: exactly (every vector compared, recall 1) or
     * approximately (HNSW with {@link SearchOptions#candidates()}), only among paths that start
     * with {@link SearchOptions#pathPrefix()} when it is set.
     *
     * @param query an embedding of the store's width (any length but zero)
     * @return at most {@code k} hits, highest cosine first
     */
    List<SearchHit> search(float[] query, SearchOptions options);

    /** Picks up what other writers committed since it was opened; true when something changed. */
    boolean refresh();

    @Override
    void close();
}
