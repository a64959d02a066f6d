package io.clip4j.index.pgvector;

import com.pgvector.PGvector;
import io.clip4j.index.IndexMetadata;
import io.clip4j.index.IndexSettings;
import io.clip4j.index.IndexedFile;
import io.clip4j.index.ModelIdentity;
import io.clip4j.index.Similarity;
import io.clip4j.index.VectorStoreWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a pgvector index in transactions: rows are upserted by path in JDBC batches, and
 * {@link #commit()} commits the transaction, so a killed build leaves exactly the committed
 * rows (each path once: it is the primary key). The table, its HNSW index and its metadata row
 * are created on first use, in one transaction. Safe to call from several threads (they take turns).
 */
final class PgVectorWriter implements VectorStoreWriter {
    private static final int BATCH = 256;

    private final PgLocation location;
    private final Connection connection;
    private final IndexMetadata metadata;
    private final PreparedStatement upsert;
    private int pending;

    private PgVectorWriter(PgLocation location, Connection connection, IndexMetadata metadata) throws SQLException {
        this.location = location;
        this.connection = connection;
        this.metadata = metadata;
        this.upsert = connection.prepareStatement("INSERT INTO " + location.table() + " (path, sha256, size, modified,"
                + " embedding) VALUES (?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET sha256 = EXCLUDED.sha256,"
                + " size = EXCLUDED.size, modified = EXCLUDED.modified, embedding = EXCLUDED.embedding");
    }

    static PgVectorWriter open(PgLocation location, ModelIdentity model, Similarity similarity, IndexSettings settings) {
        Connection connection = location.connect();
        try {
            connection.setAutoCommit(false);
            Optional<IndexMetadata> existing = PgSchema.read(connection, location);
            IndexMetadata metadata;
            if (existing.isPresent()) {
                metadata = existing.get();
                metadata.requireModel(location.name(), model);
            } else {
                metadata = new IndexMetadata(model, similarity == null ? Similarity.DOT_PRODUCT : similarity);
                PgSchema.create(connection, location, metadata, settings);
                connection.commit();
                // the driver may have looked the vector type up before CREATE EXTENSION made it: start afresh
                PgVectorStore.closeQuietly(connection);
                connection = location.connect();
                connection.setAutoCommit(false);
            }
            connection.commit();
            return new PgVectorWriter(location, connection, metadata);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // closing discards the transaction anyway
            }
            PgVectorStore.closeQuietly(connection);
            throw e instanceof SQLException sql ? location.failure("cannot be opened for writing", sql) : (RuntimeException) e;
        }
    }

    @Override
    public String location() {
        return location.name();
    }

    @Override
    public IndexMetadata metadata() {
        return metadata;
    }

    @Override
    public synchronized Map<String, IndexedFile> files() {
        try {
            flush();
            return PgRows.files(connection, location.table());
        } catch (SQLException e) {
            throw location.failure("cannot be read", e);
        }
    }

    @Override
    public synchronized float[] vector(String path) {
        try {
            flush();
            try (PreparedStatement select = connection.prepareStatement("SELECT embedding FROM " + location.table()
                    + " WHERE path = ?")) {
                select.setString(1, path);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? ((PGvector) row.getObject(1)).toArray() : null;
                }
            }
        } catch (SQLException e) {
            throw location.failure("cannot read the vector of " + path, e);
        }
    }

    /** Same as {@link #put}: the path is the primary key, so a row is never there twice. */
    @Override
    public void add(IndexedFile file, float[] vector) {
        put(file, vector);
    }

    @Override
    public synchronized void put(IndexedFile file, float[] vector) {
        float[] unit = metadata.unitVector(vector, "vector of " + file.path());
        try {
            upsert.setString(1, file.path());
            upsert.setString(2, file.sha256());
            upsert.setLong(3, file.size());
            upsert.setLong(4, file.modifiedMillis());
            upsert.setObject(5, new PGvector(unit));
            upsert.addBatch();
            if (++pending >= BATCH) {
                flush();
            }
        } catch (SQLException e) {
            throw location.failure("cannot write " + file.path(), e);
        }
    }

    @Override
    public synchronized void delete(String path) {
        try {
            flush();
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + location.table()
                    + " WHERE path = ?")) {
                delete.setString(1, path);
                delete.executeUpdate();
            }
        } catch (SQLException e) {
            throw location.failure("cannot delete " + path, e);
        }
    }

    @Override
    public synchronized void commit() {
        try {
            flush();
            connection.commit();
        } catch (SQLException e) {
            throw location.failure("cannot commit", e);
        }
    }

    @Override
    public synchronized int documentCount() {
        try {
            flush();
            try (Statement count = connection.createStatement();
                 ResultSet row = count.executeQuery("SELECT count(*) FROM " + location.table())) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw location.failure("cannot be counted", e);
        }
    }

    /** Discards what came after the last commit and closes the connection. */
    @Override
    public synchronized void close() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // closing discards the transaction anyway
        } finally {
            PgVectorStore.closeQuietly(connection);
        }
    }

    private void flush() throws SQLException {
        if (pending > 0) {
            upsert.executeBatch();
            pending = 0;
        }
    }
}
