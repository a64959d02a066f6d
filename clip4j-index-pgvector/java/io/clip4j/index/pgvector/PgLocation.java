package io.clip4j.index.pgvector;

import com.pgvector.PGvector;
import io.clip4j.index.IndexException;
import io.clip4j.index.VectorStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where a pgvector index is: a PostgreSQL JDBC URL whose {@code table} parameter names the table
 * (default {@value #DEFAULT_TABLE}); the other parameters go to the driver. Credentials come from
 * the environment ({@code PGUSER}, {@code PGPASSWORD}) or the driver's password file
 * ({@code PGPASSFILE}, {@code ~/.pgpass}), so that they need not appear in the URL.
 *
 * @param driverUrl the URL handed to the driver (without {@code table})
 * @param table the index table
 * @param display the URL for messages, secrets masked
 */
record PgLocation(String driverUrl, String table, String display) {
    static final String DEFAULT_TABLE = "clip4j_images";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,50}");

    static boolean accepts(String location) {
        return location.startsWith("jdbc:postgresql:");
    }

    static PgLocation parse(String location) {
        String display = VectorStores.withoutSecrets(location);
        int query = location.indexOf('?');
        String table = DEFAULT_TABLE;
        List<String> kept = new ArrayList<>();
        if (query >= 0) {
            for (String parameter : location.substring(query + 1).split("&")) {
                if (parameter.toLowerCase(Locale.ROOT).startsWith("table=")) {
                    table = parameter.substring("table=".length());
                } else if (!parameter.isEmpty()) {
                    kept.add(parameter);
                }
            }
        }
        if (!IDENTIFIER.matcher(table).matches()) {
            throw new IndexException(display, "table '" + table + "' must be a lower-case SQL name (letters, digits,"
                    + " underscores; at most 51 characters)", null);
        }
        String base = query >= 0 ? location.substring(0, query) : location;
        return new PgLocation(kept.isEmpty() ? base : base + "?" + String.join("&", kept), table, display);
    }

    /** The index for messages: the URL without secrets and the table. */
    String name() {
        return display + " table " + table;
    }

    /** A new connection with the vector type registered; credentials from the environment unless in the URL. */
    Connection connect() {
        Properties properties = new Properties();
        Map<String, String> env = System.getenv();
        if (!driverUrl.contains("user=") && env.containsKey("PGUSER")) {
            properties.setProperty("user", env.get("PGUSER"));
        }
        if (!driverUrl.contains("password=") && env.containsKey("PGPASSWORD")) {
            properties.setProperty("password", env.get("PGPASSWORD"));
        }
        try {
            Connection connection = DriverManager.getConnection(driverUrl, properties);
            try {
                PGvector.addVectorType(connection);
                return connection;
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot connect", e);
        }
    }

    /** An {@link IndexException} naming this index, for a database error. */
    IndexException failure(String what, SQLException e) {
        // the driver's messages may quote the URL, password included; the cause keeps the original
        return new IndexException(name(), what + ": " + VectorStores.withoutSecrets(String.valueOf(e.getMessage())), e);
    }
}
