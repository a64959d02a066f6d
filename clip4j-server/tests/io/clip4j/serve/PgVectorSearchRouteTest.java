package io.clip4j.serve;

import static io.clip4j.serve.ServerFixture.base64;
import static io.clip4j.serve.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.ClipModel;
import io.clip4j.Fixtures;
import io.clip4j.index.BuildListener;
import io.clip4j.index.BuildOptions;
import io.clip4j.index.ImageSearch;
import io.clip4j.index.IndexBuilder;
import io.clip4j.index.Pglite;
import io.clip4j.index.SearchHit;
import io.clip4j.index.SearchOptions;
import io.clip4j.index.VectorStore;
import io.clip4j.index.VectorStores;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/search} answered from a PostgreSQL + pgvector store, as the Java API answers. */
class PgVectorSearchRouteTest {
    @Test
    void searchFromPostgres() throws Exception {
        String location = Pglite.shared().url("served_images");
        try (ClipModel model = ClipModel.load(Fixtures.TINY_CLIP)) {
            new IndexBuilder(model, BuildOptions.defaults()).build(location, List.of(ServerFixture.IMAGES), BuildListener.NONE);
            try (VectorStore store = VectorStores.open(location, "cpu")) {
                ServerFixture fixture = ServerFixture.start(model, ServerFixture.settings());
                try {
                    fixture.server.useIndex(store);
                    JsonNode byImage = json(fixture.postJson("/v1/search", Map.of("image", base64("chelsea.png"), "k", 2)));
                    assertTrue(byImage.get("results").get(0).get("path").asText().endsWith("chelsea.png"), byImage.toString());
                    assertEquals(1.0, byImage.get("results").get(0).get("score").asDouble(), 1e-4);

                    String prefix = ServerFixture.IMAGES.toAbsolutePath().normalize().resolve("c").toString();
                    JsonNode filtered = json(fixture.postJson("/v1/search",
                            Map.of("text", "a photo of a cat", "k", 8, "exact", true, "path_prefix", prefix)));
                    List<SearchHit> expected = new ImageSearch(model, store).byText("a photo of a cat",
                            SearchOptions.top(8).exactly().withPathPrefix(prefix));
                    assertTrue(!expected.isEmpty() && expected.size() < 8, expected.toString());
                    assertEquals(expected.size(), filtered.get("results").size());
                    for (int i = 0; i < expected.size(); i++) {
                        assertEquals(expected.get(i).path(), filtered.get("results").get(i).get("path").asText());
                        assertEquals(expected.get(i).score(), filtered.get("results").get(i).get("score").floatValue(), 1e-4);
                    }
                    ServerFixture.assertError(fixture.postJson("/v1/search", Map.of("text", "x", "path_prefix", 3)),
                            400, "invalid_request");
                    // PostgreSQL's text holds no NUL (this was a 500); an integer past int's range wrapped (200, 3 hits)
                    ServerFixture.assertError(fixture.postJson("/v1/search", Map.of("text", "a", "path_prefix", "\u0000")),
                            400, "invalid_request");
                    ServerFixture.assertError(fixture.postJson("/v1/search", Map.of("text", "a", "k", 4294967299L)),
                            400, "invalid_request");
                    ServerFixture.assertError(fixture.postJson("/v1/search", Map.of("text", "a", "k", -4294967295L)),
                            400, "invalid_request");
                } finally {
                    fixture.close();
                }
            }
        }
    }
}
