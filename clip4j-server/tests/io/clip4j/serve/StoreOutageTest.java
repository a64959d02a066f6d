package io.clip4j.serve;

import static io.clip4j.serve.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Fixtures;
import io.clip4j.index.BuildListener;
import io.clip4j.index.BuildOptions;
import io.clip4j.index.IndexBuilder;
import io.clip4j.index.Pglite;
import io.clip4j.index.VectorStore;
import io.clip4j.index.VectorStores;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store while its database goes away: killed and restarted, the server answers 503 with
 * Retry-After meanwhile, says so in /health, and searches again once the database is back (the store
 * reconnects); paused (SIGSTOP), a search gives up after the socket timeout while the embedding routes
 * keep answering, since store calls run on threads of their own.
 */
class StoreOutageTest {
    private static final Map<String, Object> QUERY = Map.of("text", "a photo of a cat", "k", 2);

    private static void build(ClipModel model, String location) {
        new IndexBuilder(model, BuildOptions.defaults()).build(location, List.of(ServerFixture.IMAGES), BuildListener.NONE);
    }

    @Test
    void aDatabaseKilledAndRestartedIsServedAgain() throws Exception {
        Pglite db = Pglite.startOwn();
        int port = db.port();
        String location = db.url("outage_images");
        try (ClipModel model = ClipModel.load(Fixtures.TINY_CLIP)) {
            build(model, location);
            try (VectorStore store = VectorStores.open(location, "cpu")) {
                ServerFixture f = ServerFixture.start(model, ServerFixture.settings());
                try {
                    f.server.useIndex(store);
                    assertEquals(200, f.postJson("/v1/search", QUERY).statusCode());
                    assertEquals("up", json(f.get("/health")).get("store").asText());

                    db.close();
                    for (int i = 0; i < 3; i++) {
                        HttpResponse<String> down = f.postJson("/v1/search", QUERY);
                        ServerFixture.assertError(down, 503, "store_unavailable");
                        assertEquals(String.valueOf(Errors.STORE_RETRY_SECONDS), down.headers().firstValue("Retry-After").orElse(""));
                    }
                    var health = f.get("/health");
                    assertEquals(200, health.statusCode(), "the embedding routes still work");
                    assertEquals("down", json(health).get("store").asText());
                    assertEquals(200, f.postJson("/v1/embeddings/text", Map.of("texts", List.of("still here"))).statusCode());

                    db = Pglite.startOn(port); // empty: PGlite keeps its data in memory
                    build(model, location);
                    HttpResponse<String> back = f.postJson("/v1/search", QUERY);
                    assertEquals(200, back.statusCode(), back.body());
                    assertEquals(2, json(back).get("results").size());
                    assertEquals("up", json(f.get("/health")).get("store").asText());
                } finally {
                    f.close();
                }
            }
        } finally {
            db.close();
        }
    }

    @Test
    void aStalledDatabaseHoldsNeitherTheSearchForeverNorTheOtherRoutes() throws Exception {
        Pglite db = Pglite.startOwn();
        String location = db.url("stalled_images");
        try (ClipModel model = ClipModel.load(Fixtures.TINY_CLIP)) {
            build(model, location);
            try (VectorStore store = VectorStores.open(location, "cpu")) {
                ServerFixture f = ServerFixture.start(model, ServerFixture.settings());
                try {
                    f.server.useIndex(store);
                    assertEquals(200, f.postJson("/v1/search", QUERY).statusCode());
                    assertEquals(0, new ProcessBuilder("kill", "-STOP", String.valueOf(db.pid())).start().waitFor());
                    try {
                        List<CompletableFuture<HttpResponse<String>>> searches = List.of(
                                CompletableFuture.supplyAsync(() -> f.postJson("/v1/search", QUERY)),
                                CompletableFuture.supplyAsync(() -> f.postJson("/v1/search", QUERY)),
                                CompletableFuture.supplyAsync(() -> f.postJson("/v1/search", QUERY)));
                        Thread.sleep(1000);
                        long start = System.nanoTime();
                        assertEquals(200, f.postJson("/v1/embeddings/text", Map.of("texts", List.of("not blocked"))).statusCode());
                        assertEquals(200, f.postJson("/v1/embeddings", Map.of("input", "also not blocked", "model", "clip")).statusCode());
                        double seconds = (System.nanoTime() - start) / 1e9;
                        assertTrue(seconds < 5, "the embedding routes answered in " + seconds + " s with the store stalled");
                        for (CompletableFuture<HttpResponse<String>> search : searches) {
                            HttpResponse<String> r = search.get(90, TimeUnit.SECONDS); // every search gets a reply
                            assertTrue(r.statusCode() == 503, r.statusCode() + " " + r.body());
                        }
                    } finally {
                        new ProcessBuilder("kill", "-CONT", String.valueOf(db.pid())).start().waitFor();
                    }
                    HttpResponse<String> after = f.postJson("/v1/search", QUERY);
                    assertEquals(200, after.statusCode(), after.body());
                } finally {
                    f.close();
                }
            }
        } finally {
            db.close();
        }
    }

    @Test
    void aFailureRepeatedThousandsOfTimesWritesOneLine() {
        RateLimitedLog log = new RateLimitedLog(java.time.Duration.ofHours(1));
        for (int i = 0; i < 10_000; i++) {
            log.warn(org.slf4j.helpers.NOPLogger.NOP_LOGGER, "store down");
        }
        assertEquals(9_999, log.suppressed());
    }
}
