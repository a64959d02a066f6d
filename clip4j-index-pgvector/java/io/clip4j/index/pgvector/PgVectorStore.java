package io.clip4j.index.pgvector;

import com.pgvector.PGvector;
import io.clip4j.index.IndexException;
import io.clip4j.index.IndexMetadata;
import io.clip4j.index.IndexedFile;
import io.clip4j.index.ModelIdentity;
import io.clip4j.index.SearchHit;
import io.clip4j.index.SearchOptions;
import io.clip4j.index.VectorStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pgvector index opened for searching, over one connection. Approximate search uses the HNSW
 * index with {@code hnsw.ef_search} set from the candidate count (and pgvector's iterative scan
 * when a path prefix filters, so that filtering does not starve the result); exact search turns
 * index scans off for its transaction, so every row is compared. Each call reads the latest
 * commit. Calls from several threads take turns on the connection.
 */
final class PgVectorStore implements VectorStore {
    /** pgvector's largest {@code hnsw.ef_search}. */
    static final int MAX_EF_SEARCH = 1000;

    private final PgLocation location;
    /** Null after the connection was lost: the next call connects again. */
    private Connection connection;
    private IndexMetadata metadata;

    private PgVectorStore(PgLocation location, Connection connection, IndexMetadata metadata) {
        this.location = location;
        this.connection = connection;
        this.metadata = metadata;
    }

    static PgVectorStore open(PgLocation location) {
        Connection connection = location.connect();
        try {
            connection.setAutoCommit(false);
            IndexMetadata metadata = PgSchema.read(connection, location).orElseThrow(() -> new IndexException(
                    location.name(), "holds no clip4j index in table " + location.table()
                            + " (build one with index build --store, or pick another with ?table=)", null));
            connection.commit();
            return new PgVectorStore(location, connection, metadata);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e instanceof SQLException sql ? location.failure("cannot be read", sql) : (RuntimeException) e;
        }
    }

    @Override
    public String location() {
        return location.name();
    }

    @Override
    public synchronized IndexMetadata metadata() {
        return metadata;
    }

    @Override
    public void requireModel(ModelIdentity model) {
        metadata().requireModel(location.name(), model);
    }

    @Override
    public synchronized int size() {
        try (Statement count = connection().createStatement();
             ResultSet row = count.executeQuery("SELECT count(*) FROM " + location.table())) {
            row.next();
            int n = row.getInt(1);
            connection.commit();
            return n;
        } catch (SQLException e) {
            throw failure("cannot be counted", e);
        }
    }

    @Override
    public synchronized Map<String, IndexedFile> files() {
        try {
            Map<String, IndexedFile> files = PgRows.files(connection(), location.table());
            connection.commit();
            return files;
        } catch (SQLException e) {
            throw failure("cannot be read", e);
        }
    }

    @Override
    public synchronized List<SearchHit> search(float[] query, SearchOptions options) {
        PGvector unit = new PGvector(metadata.unitVector(query, "query"));
        String prefix = options.pathPrefix();
        String sql = "SELECT path, " + PgSchema.score(metadata.similarity()) + " FROM " + location.table()
                + (prefix == null ? "" : " WHERE starts_with(path, ?)")
                + " ORDER BY embedding " + PgSchema.operator(metadata.similarity()) + " ? LIMIT ?";
        try {
            try (Statement settings = connection().createStatement()) {
                if (options.exact()) {
                    settings.execute("SET LOCAL enable_indexscan = off"); // a sequential scan: every row compared
                } else {
                    settings.execute("SET LOCAL hnsw.ef_search = " + Math.min(MAX_EF_SEARCH, options.candidates()));
                    if (prefix != null) {
                        settings.execute("SET LOCAL hnsw.iterative_scan = strict_order");
                    }
                }
            }
            List<SearchHit> hits = new ArrayList<>(options.k());
            try (PreparedStatement select = connection().prepareStatement(sql)) {
                int i = 1;
                select.setObject(i++, unit);
                if (prefix != null) {
                    select.setString(i++, prefix);
                }
                select.setObject(i++, unit);
                select.setInt(i, options.k());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        hits.add(new SearchHit(rows.getString(1), rows.getFloat(2)));
                    }
                }
            }
            connection.commit();
            return hits;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failure("cannot be searched", e);
        }
    }

    /** Reads the metadata again; rows are always read as of the latest commit. */
    @Override
    public synchronized boolean refresh() {
        try {
            IndexMetadata now = PgSchema.read(connection(), location).orElse(metadata);
            connection.commit();
            boolean changed = !now.equals(metadata);
            metadata = now;
            return changed;
        } catch (SQLException e) {
            throw failure("cannot be read", e);
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            closeQuietly(connection);
            connection = null;
        }
    }

    /** The open connection, or a new one when the last was lost (a database restarted comes back here). */
    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection fresh = location.connect();
            fresh.setAutoCommit(false);
            connection = fresh;
        }
        return connection;
    }

    /** A database error for the caller; a lost connection is dropped so that the next call reconnects. */
    private IndexException failure(String what, SQLException e) {
        IndexException failure = location.failure(what, e);
        if (failure instanceof io.clip4j.index.StoreUnavailableException && connection != null) {
            closeQuietly(connection);
            connection = null;
        }
        return failure;
    }

    private void rollbackQuietly() {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next call reports it
        }
    }

    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }
}
