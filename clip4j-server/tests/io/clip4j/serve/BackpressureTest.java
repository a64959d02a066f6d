package io.clip4j.serve;

import io.clip4j.batch.Conditions;

import static io.clip4j.serve.ServerFixture.assertError;
import static io.clip4j.serve.ServerFixture.embeddings;
import static io.clip4j.serve.ServerFixture.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.zeroshot.PromptTemplates;
import io.clip4j.Fixtures;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A full queue answers 429 at once; timed-out and abandoned requests leave the queue unencoded. */
class BackpressureTest {
    /** Client calls block until answered: give them their own threads, not the common pool. */
    static final java.util.concurrent.ExecutorService CLIENTS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "backpressure-test-client");
        t.setDaemon(true);
        return t;
    });
    private static ClipModel model;

    @BeforeAll
    static void load() {
        model = ClipModel.load(Fixtures.TINY_CLIP);
    }

    @AfterAll
    static void unload() {
        model.close();
    }

    private static ServerFixture start(GatedEncoder<String> texts, ServerSettings.Builder settings) {
        EmbeddingServer server = EmbeddingServer.start(settings.build(),
                (m, s, metrics) -> new EmbeddingService(m, s, metrics, texts, ModelEncoders.images(m)));
        server.attach(model);
        return new ServerFixture(server);
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(ServerFixture f, String... texts) {
        return CompletableFuture.supplyAsync(() -> f.postJson("/v1/embeddings/text", Map.of("texts", List.of(texts))), CLIENTS);
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAtOnce() throws Exception {
        GatedEncoder<String> texts = new GatedEncoder<>(ModelEncoders.texts(model));
        try (ServerFixture f = start(texts, ServerFixture.settings().queueCapacity(4).maxItems(4).maxBatch(1))) {
            var first = postAsync(f, "held in the encoder");
            texts.awaitEntered();
            var second = postAsync(f, "q1", "q2", "q3", "q4");
            Conditions.waitFor(() -> f.server.service() != null && queued(f) == 4, "four items queued");

            long start = System.nanoTime();
            HttpResponse<String> refused = f.postJson("/v1/embeddings/text", Map.of("texts", List.of("no room")));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertError(refused, 429, "overloaded");
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
            assertTrue(millis < 2000, "answered at once, not after queueing: " + millis + " ms");

            texts.open();
            assertEquals(1, embeddings(first.get()).length);
            assertEquals(4, embeddings(second.get()).length);
            assertFalse(texts.seen.contains("no room"));
            assertTrue(metric(f.server.scrapeMetrics(), "clip4j_items_rejected_total", Map.of("queue", "text")) >= 1);
        }
    }

    @Test
    void thePixelBudgetAnswers429WhenDecodedImagesWouldNotFit() throws Exception {
        GatedEncoder<DecodedImage> images = new GatedEncoder<>(ModelEncoders.images(model));
        EmbeddingServer server = EmbeddingServer.start(ServerFixture.settings().maxBatch(1).maxPixels(300_000).pixelBudget(300_000).build(),
                (m, s, metrics) -> new EmbeddingService(m, s, metrics, ModelEncoders.texts(m), images));
        server.attach(model);
        try (ServerFixture f = new ServerFixture(server)) {
            byte[] coffee = ServerFixture.image("coffee.png"); // 600 × 400 = 240,000 pixels
            var held = CompletableFuture.supplyAsync(() -> f.post("/v1/embeddings/image", "image/png", coffee), CLIENTS);
            images.awaitEntered();
            HttpResponse<String> refused = f.post("/v1/embeddings/image", "image/png", coffee);
            assertError(refused, 429, "overloaded");
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
            images.open();
            assertEquals(1, embeddings(held.get()).length);
            assertEquals(1, embeddings(f.post("/v1/embeddings/image", "image/png", coffee)).length, "the budget was given back");
        }
    }

    @Test
    void aRequestLargerThanTheWholePixelBudgetIs413NotARetry() {
        try (ServerFixture f = ServerFixture.start(model, ServerFixture.settings().maxPixels(300_000).pixelBudget(300_000))) {
            byte[] coffee = ServerFixture.image("coffee.png"); // 600 × 400 = 240,000 pixels: one fits, two never do
            ServerFixture.Multipart form = new ServerFixture.Multipart()
                    .file("file", "a.png", "image/png", coffee).file("file", "b.png", "image/png", coffee);
            HttpResponse<String> refused = f.post("/v1/embeddings/image", form.contentType(), form.bytes());
            assertError(refused, 413, "too_many_pixels");
            assertTrue(refused.headers().firstValue("Retry-After").isEmpty(), "no retry: it can never fit");
            assertEquals(1, embeddings(f.post("/v1/embeddings/image", "image/png", coffee)).length);
        }
    }

    @Test
    void requestsWaitingForNewLabelSetsAreBounded() throws Exception {
        // 60 new label sets at once, each 50 labels × 100 templates: two build, at most 16 wait, the rest are told to retry
        List<String> templates = new java.util.ArrayList<>();
        for (int t = 0; t < 100; t++) {
            templates.add("a photo number " + t + " of a {}");
        }
        PromptTemplates many = PromptTemplates.of(templates);
        int requests = 60;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger built = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        try (ClassifierPool pool = new ClassifierPool(model, 1000)) {
            List<CompletableFuture<Void>> all = new java.util.ArrayList<>();
            for (int r = 0; r < requests; r++) {
                List<String> labels = new java.util.ArrayList<>();
                for (int l = 0; l < 50; l++) {
                    labels.add("thing " + r + " " + l);
                }
                all.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                        pool.get(labels, many, Duration.ofSeconds(60));
                        built.incrementAndGet();
                    } catch (ApiException e) {
                        assertEquals(429, e.status(), e.getMessage());
                        refused.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, CLIENTS));
            }
            start.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertEquals(requests, built.get() + refused.get());
        assertTrue(refused.get() > 0, "none refused: all " + built.get() + " waited for a build slot");
        assertTrue(built.get() >= ClassifierPool.CONCURRENT_BUILDS, built.get() + " built");
    }

    @Test
    void theClassVectorCacheIsBounded() {
        try (ClassifierPool pool = new ClassifierPool(model, 2)) {
            io.clip4j.zeroshot.LabelVectors first = pool.get(List.of("cat", "dog"), io.clip4j.zeroshot.PromptTemplates.none(), Duration.ofSeconds(30));
            assertEquals(first, pool.get(List.of("cat", "dog"), io.clip4j.zeroshot.PromptTemplates.none(), Duration.ofSeconds(30)));
            pool.get(List.of("car", "bus"), io.clip4j.zeroshot.PromptTemplates.none(), Duration.ofSeconds(30));
            assertEquals(2, pool.size());
            io.clip4j.zeroshot.LabelVectors third = pool.get(List.of("red", "blue"), io.clip4j.zeroshot.PromptTemplates.none(), Duration.ofSeconds(30));
            assertEquals(1, pool.size(), "a full generation was retired and freed");
            assertEquals(List.of("red", "blue"), third.labels());
            io.clip4j.zeroshot.LabelVectors again = pool.get(List.of("cat", "dog"), io.clip4j.zeroshot.PromptTemplates.none(), Duration.ofSeconds(30));
            assertEquals(first.vectors()[1][3], again.vectors()[1][3], 1e-6, "rebuilt identically");
        }
    }

    @Test
    void aTimedOutRequestIsDroppedFromTheQueue() throws Exception {
        GatedEncoder<String> texts = new GatedEncoder<>(ModelEncoders.texts(model));
        try (ServerFixture f = start(texts, ServerFixture.settings().maxBatch(1).requestTimeout(Duration.ofMillis(700)))) {
            var first = postAsync(f, "held");
            texts.awaitEntered();
            HttpResponse<String> late = f.postJson("/v1/embeddings/text", Map.of("texts", List.of("too late")));
            assertError(late, 503, "timeout");
            assertTrue(late.headers().firstValue("Retry-After").isPresent());
            assertEquals(1, metric(f.server.scrapeMetrics(), "clip4j_items_dropped_total", Map.of("queue", "text", "reason", "timeout")));
            assertEquals(0, queued(f), "its item left the queue");
            texts.open();
            assertError(first.get(), 503, "timeout"); // it was in the encoder past its deadline too
            assertEquals(1, embeddings(f.postJson("/v1/embeddings/text", Map.of("texts", List.of("after")))).length);
            assertFalse(texts.seen.contains("too late"), "the dropped text was never encoded");
        }
    }

    @Test
    void aRequestWhoseClientHungUpIsDroppedFromTheQueue() throws Exception {
        GatedEncoder<String> texts = new GatedEncoder<>(ModelEncoders.texts(model));
        try (ServerFixture f = start(texts, ServerFixture.settings().maxBatch(1))) {
            var first = postAsync(f, "held");
            texts.awaitEntered();
            URI uri = URI.create(f.base);
            byte[] body = "{\"texts\": [\"nobody waits for me\"]}".getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/embeddings/text HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                Conditions.waitFor(() -> queued(f) == 1, "the abandoned request is queued");
            } // the client hangs up
            Conditions.waitFor(() -> metric(f.server.scrapeMetrics(), "clip4j_items_dropped_total",
                    Map.of("queue", "text", "reason", "client_gone")) == 1, "the item is dropped as client_gone");
            assertEquals(0, queued(f));
            texts.open();
            assertEquals(1, embeddings(first.get()).length);
            assertEquals(1, embeddings(f.postJson("/v1/embeddings/text", Map.of("texts", List.of("next")))).length);
            assertFalse(texts.seen.contains("nobody waits for me"), "the abandoned text was never encoded");
        }
    }

    @Test
    void aKeepAliveClientIsNotMistakenForAGoneOne() throws Exception {
        GatedEncoder<String> texts = new GatedEncoder<>(ModelEncoders.texts(model));
        texts.open();
        try (ServerFixture f = start(texts, ServerFixture.settings())) {
            for (int i = 0; i < 20; i++) { // one pooled connection, many requests
                assertEquals(1, embeddings(f.postJson("/v1/embeddings/text", Map.of("texts", List.of("again " + i)))).length);
            }
            assertEquals(-1, metric(f.server.scrapeMetrics(), "clip4j_items_dropped_total", Map.of("queue", "text")));
        }
    }

    private static int queued(ServerFixture f) {
        return (int) metric(f.server.scrapeMetrics(), "clip4j_queue_depth", Map.of("queue", "text"));
    }
}
