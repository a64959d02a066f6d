package io.clip4j.cli;

import io.clip4j.index.VectorStores;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where an index command's index is: a Lucene directory ({@code --index}) or a database table
 * ({@code --store jdbc:postgresql://host/db?table=photos}). Passwords never go on the command
 * line (other users see it in the process list): they come from {@code PGPASSWORD} or the
 * driver's password file.
 */
final class IndexLocation {
    @Option(names = "--index", paramLabel = "DIR", description = "Index directory (Lucene; index build creates it).")
    Path directory;

    @Option(names = "--store", paramLabel = "JDBC_URL", description = "A database store instead, e.g. "
            + "jdbc:postgresql://host:5432/db?table=photos (PostgreSQL with pgvector); user and password from "
            + "PGUSER/PGPASSWORD or ~/.pgpass, never in the URL.")
    String url;

    /** The location for {@link VectorStores}, checked. */
    String location(CommandLine commandLine) {
        if (directory != null) {
            return directory.toString();
        }
        if (!VectorStores.isDatabase(url)) {
            throw new CommandLine.ParameterException(commandLine, "--store must be a JDBC URL (jdbc:postgresql://...), not '"
                    + url + "'; use --index for a directory");
        }
        if (VectorStores.holdsSecrets(url)) {
            throw new CommandLine.ParameterException(commandLine, "--store must not hold a password (the command line is"
                    + " visible to other users): set PGPASSWORD or use ~/.pgpass");
        }
        return url;
    }
}
