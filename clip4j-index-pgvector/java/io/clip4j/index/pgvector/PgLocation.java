package io.clip4j.index.pgvector;

import com.pgvector.PGvector;
import io.clip4j.index.IndexException;
import io.clip4j.index.VectorStores;
import java.sql.Connection;
import io.clip4j.index.StoreUnavailableException;
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
        // a database that is down or stopped must not hold a caller forever (the URL may set its own)
        TIMEOUTS.forEach((name, seconds) -> {
            if (!driverUrl.contains(name + "=")) {
                properties.setProperty(name, seconds);
            }
        });
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

    /** Seconds: to open the socket, to log in, and for any read (a stalled server), unless the URL says otherwise. */
    static final Map<String, String> TIMEOUTS = Map.of("connectTimeout", "5", "loginTimeout", "10", "socketTimeout", "20");

    /**
     * An {@link IndexException} naming this index, for a database error; a {@link StoreUnavailableException}
     * when the connection was refused, lost or timed out, which a later call may not meet.
     */
    IndexException failure(String what, SQLException e) {
        // the driver's messages may quote the URL, password included; the cause keeps the original
        String message = what + ": " + VectorStores.withoutSecrets(String.valueOf(e.getMessage()));
        return connectionLost(e) ? new StoreUnavailableException(name(), message + " (the database is unreachable; retry later)", e)
                : new IndexException(name(), message, e);
    }

    /**
     * SQLSTATE class 08 (connection exception: refused, broken, timed out), 57P01-57P03 (the server shutting
     * down, crashed or starting), or no state over an I/O failure.
     */
    static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return e.getCause() instanceof java.io.IOException;
        }
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }
}
