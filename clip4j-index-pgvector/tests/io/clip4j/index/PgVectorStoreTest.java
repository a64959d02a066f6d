package io.clip4j.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on PostgreSQL with pgvector (a real server: {@link Pglite}), plus what only a
 * database has: the schema it creates, the operator class that follows the similarity, and
 * refusing a table that is not a clip4j index.
 */
class PgVectorStoreTest extends VectorStoreContract {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static Pglite pglite;

    @BeforeAll
    static void postgres() throws Exception {
        pglite = Pglite.shared();
    }

    @Override
    protected String newLocation(String name) {
        return pglite.url(name + "_" + TABLES.incrementAndGet());
    }

    @Test
    void schemaHasAnHnswIndexWhoseOperatorClassFollowsTheSimilarity() throws Exception {
        String cosine = newLocation("cosine");
        String dot = newLocation("dot");
        VectorStores.openWriter(cosine, IndexTestSupport.randomModel(8), Similarity.COSINE, IndexSettings.defaults().withGraph(12, 64)).close();
        VectorStores.openWriter(dot, IndexTestSupport.randomModel(8), null, IndexSettings.defaults()).close();
        try (Connection c = DriverManager.getConnection(driverUrl(cosine))) {
            assertTrue(indexDefinition(c, table(cosine)).contains("vector_cosine_ops"), indexDefinition(c, table(cosine)));
            assertTrue(indexDefinition(c, table(cosine)).contains("m='12'") && indexDefinition(c, table(cosine)).contains("ef_construction='64'"),
                    indexDefinition(c, table(cosine)));
            assertTrue(indexDefinition(c, table(dot)).contains("vector_ip_ops"), indexDefinition(c, table(dot)));
        }
        try (VectorStore store = VectorStores.open(cosine, "cpu")) {
            assertEquals(Similarity.COSINE, store.metadata().similarity());
            assertEquals(8, store.metadata().model().dim());
        }
    }

    @Test
    void aTableThatIsNotAnIndexIsRefusedAndAMissingIndexNamed() throws Exception {
        String location = newLocation("foreign");
        try (Connection c = DriverManager.getConnection(driverUrl(location))) {
            c.createStatement().execute("CREATE TABLE " + table(location) + " (id int)");
        }
        IndexException taken = assertThrows(IndexException.class, () -> VectorStores.openWriter(location,
                IndexTestSupport.randomModel(8), null, IndexSettings.defaults()));
        assertTrue(taken.getMessage().contains("exists but is not a clip4j index"), taken.getMessage());
        String missing = newLocation("missing");
        IndexException none = assertThrows(IndexException.class, () -> VectorStores.open(missing, "cpu"));
        assertTrue(none.getMessage().contains("holds no clip4j index in table " + table(missing)), none.getMessage());
    }

    @Test
    void credentialsInTheUrlAreMaskedInMessages() {
        String location = newLocation("secret").replace("user=postgres", "user=postgres&password=hunter2")
                .replace("127.0.0.1:", "127.0.0.1:1"); // no server there
        IndexException e = assertThrows(IndexException.class, () -> VectorStores.open(location, "cpu"));
        assertTrue(!e.getMessage().contains("hunter2") && e.getMessage().contains("password=***"), e.getMessage());
    }

    private static String table(String location) {
        return location.substring(location.indexOf("table=") + "table=".length());
    }

    private static String driverUrl(String location) {
        return location.substring(0, location.indexOf("&table="));
    }

    private static String indexDefinition(Connection c, String table) throws Exception {
        try (ResultSet row = c.createStatement().executeQuery("SELECT indexdef FROM pg_indexes WHERE tablename = '"
                + table + "' AND indexname = '" + table + "_hnsw'")) {
            return row.next() ? row.getString(1) : "(no HNSW index)";
        }
    }
}
