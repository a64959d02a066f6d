package io.clip4j.index;

import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Opens a vector store by where it is: a JDBC URL ({@code jdbc:postgresql://host/db?table=photos})
 * goes to the {@link VectorStoreProvider} that accepts it, anything else is a Lucene index
 * directory.
 */
public final class VectorStores {
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]+):[^/@]*@");

    private VectorStores() {
    }

    /**
     * Whether {@code location} names a database rather than a directory.
     *
     * @param location what the user gave
     * @return true for a {@code jdbc:} URL
     */
    public static boolean isDatabase(String location) {
        return location.startsWith("jdbc:");
    }

    /**
     * Opens a store for searching.
     *
     * @param location an index directory or a JDBC URL
     * @param exactDevice the libtorch device of a Lucene index's exact search ("cpu", "cuda:0"); a
     *     database searches exactly itself
     * @return the open store, for the caller to close
     * @throws IndexException if there is no index there, or no provider for the URL
     */
    public static VectorStore open(String location, String exactDevice) {
        return isDatabase(location) ? provider(location).open(location) : VectorIndex.open(Path.of(location), exactDevice);
    }

    /**
     * Opens a store for writing, creating it when there is none.
     *
     * @param location an index directory or a JDBC URL
     * @param model the model whose embeddings will be written
     * @param similarity the similarity of a new index (null for dot product)
     * @param settings graph settings of a new index
     * @return a writer the caller closes
     * @throws IndexMismatchException if the existing index was built with another model
     */
    public static VectorStoreWriter openWriter(String location, ModelIdentity model, Similarity similarity,
                                               IndexSettings settings) {
        return isDatabase(location) ? provider(location).openWriter(location, model, similarity, settings)
                : VectorIndexWriter.open(Path.of(location), model, similarity, settings);
    }

    private static VectorStoreProvider provider(String location) {
        for (VectorStoreProvider provider : ServiceLoader.load(VectorStoreProvider.class)) {
            if (provider.accepts(location)) {
                return provider;
            }
        }
        String[] parts = location.split("[:/?]", 3);
        String scheme = parts.length > 1 ? parts[1] : location;
        throw new IndexException(withoutSecrets(location), "no vector store for '" + scheme + "' on the class path "
                + "(PostgreSQL with pgvector needs the module io.clip4j:clip4j-index-pgvector)", null);
    }

    /**
     * A JDBC URL fit for messages and logs: the {@code password} parameter and any
     * {@code user:password@} part are masked.
     *
     * @param location a JDBC URL or a directory
     * @return the location without secrets
     */
    public static String withoutSecrets(String location) {
        return USER_INFO.matcher(PASSWORD.matcher(location).replaceAll("$1***")).replaceAll("//$1:***@");
    }

    /**
     * Whether {@code location} holds a password ({@code password=} or {@code user:password@}), which
     * {@link #withoutSecrets} would mask.
     *
     * @param location a JDBC URL or a directory
     * @return true when it does
     */
    public static boolean holdsSecrets(String location) {
        return PASSWORD.matcher(location).find() || USER_INFO.matcher(location).find();
    }
}
