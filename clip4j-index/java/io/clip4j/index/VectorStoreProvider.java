package io.clip4j.index;

/**
 * Opens vector stores of one kind for {@link VectorStores}, found with {@link java.util.ServiceLoader}
 * (so that a store's driver lives in its own module: {@code clip4j-index-pgvector} provides
 * PostgreSQL with pgvector). Lucene directories need no provider.
 */
public interface VectorStoreProvider {
    /**
     * Whether this provider opens {@code location}.
     *
     * @param location what the user gave: a JDBC URL, say
     * @return true when it does
     */
    boolean accepts(String location);

    /**
     * Opens the store at {@code location} for searching.
     *
     * @param location a location {@link #accepts} took
     * @return the open store, for the caller to close
     * @throws IndexException if there is no index there or it cannot be read
     */
    VectorStore open(String location);

    /**
     * Opens the store at {@code location} for writing, creating it when there is none.
     *
     * @param location a location {@link #accepts} took
     * @param model the model whose embeddings will be written
     * @param similarity the similarity of a new index (null for dot product); an existing one keeps its own
     * @param settings the graph settings of a new index
     * @return a writer the caller closes
     * @throws IndexMismatchException if the existing index was built with another model
     */
    VectorStoreWriter openWriter(String location, ModelIdentity model, Similarity similarity, IndexSettings settings);
}
