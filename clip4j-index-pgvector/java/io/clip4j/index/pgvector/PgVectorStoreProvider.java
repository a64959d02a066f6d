package io.clip4j.index.pgvector;

import io.clip4j.index.IndexSettings;
import io.clip4j.index.ModelIdentity;
import io.clip4j.index.Similarity;
import io.clip4j.index.VectorStore;
import io.clip4j.index.VectorStoreProvider;
import io.clip4j.index.VectorStoreWriter;

/**
 * PostgreSQL with pgvector as a clip4j vector store, for {@code jdbc:postgresql:} locations
 * ({@code jdbc:postgresql://host:5432/db?table=photos}); found by {@link java.util.ServiceLoader}
 * when this module is on the class path.
 */
public final class PgVectorStoreProvider implements VectorStoreProvider {
    /** Used by {@link java.util.ServiceLoader}. */
    public PgVectorStoreProvider() {
    }

    @Override
    public boolean accepts(String location) {
        return PgLocation.accepts(location);
    }

    @Override
    public VectorStore open(String location) {
        return PgVectorStore.open(PgLocation.parse(location));
    }

    @Override
    public VectorStoreWriter openWriter(String location, ModelIdentity model, Similarity similarity, IndexSettings settings) {
        return PgVectorWriter.open(PgLocation.parse(location), model, similarity, settings);
    }
}
