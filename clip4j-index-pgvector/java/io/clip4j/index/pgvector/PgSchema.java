package io.clip4j.index.pgvector;

import io.clip4j.index.IndexException;
import io.clip4j.index.IndexMetadata;
import io.clip4j.index.IndexSettings;
import io.clip4j.index.ModelIdentity;
import io.clip4j.index.Similarity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The tables of pgvector indexes. Each index is one table, {@code path} its primary key (so a
 * path is there once, whatever a crashed build left), with the file's hash, size and time and
 * {@code embedding vector(D)} under an HNSW index whose operator class follows the similarity.
 * What an index records about itself (model, width, similarity, graph settings) is one row of
 * {@value #METADATA}, written in the same transaction that creates the table.
 */
final class PgSchema {
    static final String METADATA = "clip4j_indexes";

    private PgSchema() {
    }

    /** The pgvector distance operator for {@code similarity}: HNSW orders by it. */
    static String operator(Similarity similarity) {
        return similarity == Similarity.COSINE ? "<=>" : "<#>";
    }

    /** The SQL giving the cosine of a unit query and a stored unit vector from the operator's distance. */
    static String score(Similarity similarity) {
        return similarity == Similarity.COSINE ? "1 - (embedding <=> ?)" : "-(embedding <#> ?)";
    }

    private static String operatorClass(Similarity similarity) {
        return similarity == Similarity.COSINE ? "vector_cosine_ops" : "vector_ip_ops";
    }

    /** The metadata of {@code table}, or empty when there is no such index (nor metadata table). */
    static Optional<IndexMetadata> read(Connection connection, PgLocation location) throws SQLException {
        if (!exists(connection, METADATA)) {
            return Optional.empty();
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT format, model_name, model_directory, "
                + "fingerprint, dim, similarity FROM " + METADATA + " WHERE table_name = ?")) {
            select.setString(1, location.table());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                int format = row.getInt(1);
                if (format != IndexMetadata.FORMAT) {
                    throw new IndexException(location.name(), "table " + location.table() + " has format " + format
                            + " but this clip4j reads format " + IndexMetadata.FORMAT, null);
                }
                ModelIdentity model = new ModelIdentity(row.getString(2), row.getString(3), row.getString(4), row.getInt(5));
                IndexMetadata metadata = new IndexMetadata(model, Similarity.parse(row.getString(6)));
                checkTable(connection, location, metadata);
                return Optional.of(metadata);
            }
        }
    }

    /** Creates the table, its HNSW index and its metadata row in one transaction (the caller commits). */
    static void create(Connection connection, PgLocation location, IndexMetadata metadata, IndexSettings settings)
            throws SQLException {
        String table = location.table();
        if (exists(connection, table)) {
            throw new IndexException(location.name(), "table " + table + " exists but is not a clip4j index (no row in "
                    + METADATA + "); choose another with ?table=", null);
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE EXTENSION IF NOT EXISTS vector");
            ddl.execute("CREATE TABLE IF NOT EXISTS " + METADATA + " (table_name text PRIMARY KEY, format integer NOT NULL,"
                    + " model_name text NOT NULL, model_directory text NOT NULL, fingerprint text NOT NULL,"
                    + " dim integer NOT NULL, similarity text NOT NULL, hnsw_m integer NOT NULL,"
                    + " hnsw_ef_construction integer NOT NULL)");
            ddl.execute("CREATE TABLE " + table + " (path text PRIMARY KEY, sha256 text NOT NULL, size bigint NOT NULL,"
                    + " modified bigint NOT NULL, embedding vector(" + metadata.model().dim() + ") NOT NULL)");
            ddl.execute("CREATE INDEX " + table + "_hnsw ON " + table + " USING hnsw (embedding "
                    + operatorClass(metadata.similarity()) + ") WITH (m = " + settings.maxConnections()
                    + ", ef_construction = " + settings.beamWidth() + ")");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + METADATA
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ModelIdentity model = metadata.model();
            insert.setString(1, table);
            insert.setInt(2, IndexMetadata.FORMAT);
            insert.setString(3, model.name());
            insert.setString(4, model.directory());
            insert.setString(5, model.fingerprint());
            insert.setInt(6, model.dim());
            insert.setString(7, metadata.similarity().id());
            insert.setInt(8, settings.maxConnections());
            insert.setInt(9, settings.beamWidth());
            insert.executeUpdate();
        }
    }

    /** The table is there and its embedding column is as wide as the metadata says. */
    private static void checkTable(Connection connection, PgLocation location, IndexMetadata metadata) throws SQLException {
        try (PreparedStatement column = connection.prepareStatement("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = to_regclass(?) AND attname = 'embedding' AND NOT attisdropped")) {
            column.setString(1, location.table());
            try (ResultSet row = column.executeQuery()) {
                String expected = "vector(" + metadata.model().dim() + ")";
                if (!row.next()) {
                    throw new IndexException(location.name(), "table " + location.table() + " is recorded in "
                            + METADATA + " but has no embedding column (was it dropped?)", null);
                }
                if (!expected.equals(row.getString(1))) {
                    throw new IndexException(location.name(), "table " + location.table() + "'s embedding column is "
                            + row.getString(1) + " but its metadata says " + expected, null);
                }
            }
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement regclass = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            regclass.setString(1, table);
            try (ResultSet row = regclass.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }
}
