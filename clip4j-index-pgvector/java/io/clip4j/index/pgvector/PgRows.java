package io.clip4j.index.pgvector;

import io.clip4j.index.IndexedFile;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads an index table's file rows, for the store and the writer alike. */
final class PgRows {
    private PgRows() {
    }

    /** Every row's file, keyed by path, in path order. */
    static Map<String, IndexedFile> files(Connection connection, String table) throws SQLException {
        Map<String, IndexedFile> files = new LinkedHashMap<>();
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT path, sha256, size, modified FROM " + table + " ORDER BY path")) {
            while (rows.next()) {
                files.put(rows.getString(1), new IndexedFile(rows.getString(1), rows.getString(2), rows.getLong(3),
                        rows.getLong(4)));
            }
        }
        return files;
    }
}
