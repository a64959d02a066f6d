package io.clip4j.serve;

import static io.clip4j.serve.ServerFixture.assertError;
import static io.clip4j.serve.ServerFixture.base64;
import static io.clip4j.serve.ServerFixture.embeddings;
import static io.clip4j.serve.ServerFixture.image;
import static io.clip4j.serve.ServerFixture.json;
import static io.clip4j.serve.ServerFixture.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.image.ImageDecoder;
import io.clip4j.zeroshot.Classification;
import io.clip4j.zeroshot.Prediction;
import io.clip4j.zeroshot.PromptTemplates;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every route against the real server: results equal to calling the model directly. */
class RoutesTest {
    private static ClipModel model;
    private static ServerFixture fixture;

    @BeforeAll
    static void start() {
        model = ClipModel.load(Fixtures.TINY_CLIP);
        fixture = ServerFixture.start(model, ServerFixture.settings());
    }

    @AfterAll
    static void stop() {
        fixture.close();
        model.close();
    }

    static float[] text(String s) {
        try (Embeddings e = model.embedTexts(List.of(s))) {
            return e.row(0);
        }
    }

    static float[] imageEmbedding(String file) {
        try (PointerScope scope = new PointerScope()) {
            Mat mat = new ImageDecoder().decode(image(file), file);
            try (Embeddings e = model.embedImages(List.of(mat))) {
                return e.row(0);
            }
        }
    }

    @Test
    void textEmbeddingsMatchTheModel() {
        List<String> texts = List.of("a photo of a cat", "a diagram", "Hello &amp; world!");
        HttpResponse<String> response = fixture.postJson("/v1/embeddings/text", Map.of("texts", texts));
        float[][] rows = embeddings(response);
        JsonNode body = json(response);
        assertEquals("tiny-clip", body.get("model").asText());
        assertEquals(model.config().projectionDim(), body.get("dim").asInt());
        assertEquals(3, rows.length);
        for (int i = 0; i < texts.size(); i++) {
            Fixtures.assertClose(text(texts.get(i)), rows[i], 1e-5, "text " + i);
        }
    }

    @Test
    void imagesAsRawBytesMultipartAndBase64() {
        float[] chelsea = imageEmbedding("chelsea.png");
        float[] coffee = imageEmbedding("coffee.png");

        float[][] raw = embeddings(fixture.post("/v1/embeddings/image", "image/png", image("chelsea.png")));
        Fixtures.assertClose(chelsea, raw[0], 1e-5, "raw");

        ServerFixture.Multipart form = new ServerFixture.Multipart()
                .file("file", "chelsea.png", "image/png", image("chelsea.png"))
                .file("file", "coffee.png", "application/octet-stream", image("coffee.png"));
        float[][] multi = embeddings(fixture.post("/v1/embeddings/image", form.contentType(), form.bytes()));
        Fixtures.assertClose(chelsea, multi[0], 1e-5, "multipart 0");
        Fixtures.assertClose(coffee, multi[1], 1e-5, "multipart 1");

        float[][] b64 = embeddings(fixture.postJson("/v1/embeddings/image",
                Map.of("images", List.of(base64("coffee.png"), "data:image/png;base64," + base64("chelsea.png")))));
        Fixtures.assertClose(coffee, b64[0], 1e-5, "json 0");
        Fixtures.assertClose(chelsea, b64[1], 1e-5, "json 1");
    }

    @Test
    void classifyMatchesTheZeroShotClassifier() {
        List<String> labels = List.of("cat", "dog", "car", "coffee");
        Map<String, Double> expected = new HashMap<>();
        try (ZeroShotClassifier classifier = ZeroShotClassifier.create(model, labels, PromptTemplates.defaults());
             PointerScope scope = new PointerScope()) {
            Mat mat = new ImageDecoder().decode(image("chelsea.png"), "chelsea");
            try (Embeddings e = model.embedImages(List.of(mat))) {
                Classification c = classifier.classify(e, labels.size()).get(0);
                for (Prediction p : c.top()) {
                    expected.put(p.label(), p.probability());
                }
            }
        }
        HttpResponse<String> json = fixture.postJson("/v1/classify",
                Map.of("images", List.of(base64("chelsea.png")), "labels", labels, "top_k", 2));
        assertEquals(200, json.statusCode(), json::body);
        JsonNode predictions = json(json).get("results").get(0).get("predictions");
        assertEquals(2, predictions.size());
        checkPredictions(predictions, expected);

        ServerFixture.Multipart form = new ServerFixture.Multipart()
                .file("file", "chelsea.png", "image/png", image("chelsea.png"))
                .field("labels", "cat,dog").field("labels", "car,coffee").field("top_k", "4");
        HttpResponse<String> multi = fixture.post("/v1/classify", form.contentType(), form.bytes());
        assertEquals(200, multi.statusCode(), multi::body);
        JsonNode result = json(multi).get("results").get(0);
        assertEquals("file 'chelsea.png'", result.get("image").asText());
        checkPredictions(result.get("predictions"), expected);
    }

    private static void checkPredictions(JsonNode predictions, Map<String, Double> expected) {
        double previous = Double.MAX_VALUE;
        for (JsonNode p : predictions) {
            double score = p.get("score").asDouble();
            assertEquals(expected.get(p.get("label").asText()), score, 1e-5, p.toString());
            assertTrue(score <= previous + 1e-12, "sorted by score");
            assertTrue(p.has("cosine"));
            previous = score;
        }
    }

    @Test
    void customTemplatesAndARepeatedLabelSetReuseTheCachedClassVectors() {
        Map<String, Object> request = Map.of("images", List.of(base64("coffee.png")), "labels", List.of("mug", "cup"),
                "templates", List.of("a photo of a {}.", "a {} on a table"));
        HttpResponse<String> first = fixture.postJson("/v1/classify", request);
        int cached = fixture.server.service() == null ? -1 : classifierSets();
        HttpResponse<String> second = fixture.postJson("/v1/classify", request);
        assertEquals(200, first.statusCode(), first::body);
        assertEquals(first.body(), second.body());
        assertEquals(cached, classifierSets(), "the second request built nothing new");
    }

    private static int classifierSets() {
        return (int) metric(fixture.server.scrapeMetrics(), "clip4j_classifier_label_sets", Map.of());
    }

    @Test
    void modelHealthOpenApiAndMetrics() throws Exception {
        JsonNode info = json(fixture.get("/v1/model"));
        assertEquals("tiny-clip", info.get("model").asText());
        assertEquals(24, info.get("dim").asInt());
        assertEquals("cpu", info.get("device").asText());
        assertEquals("fp32", info.get("dtype").asText());
        assertEquals(64, info.get("image_size").asInt());
        assertEquals(24, info.get("config").get("projection_dim").asInt(), info.toString());
        ServerFixture.assertSafe(info.toString());

        HttpResponse<String> health = fixture.get("/health");
        assertEquals(200, health.statusCode());
        assertEquals("ready", json(health).get("status").asText());

        JsonNode openApi = json(fixture.get("/openapi.json"));
        assertEquals("3.1.0", openApi.get("openapi").asText());
        for (String path : List.of("/v1/embeddings/text", "/v1/embeddings/image", "/v1/classify", "/v1/search", "/v1/moderate", "/v1/model", "/health",
                "/metrics", "/openapi.json")) {
            assertTrue(openApi.get("paths").has(path), "OpenAPI lists " + path);
        }

        fixture.postJson("/v1/embeddings/text", Map.of("texts", List.of("metrics")));
        fixture.postJson("/v1/embeddings/text", "{");
        HttpResponse<String> metrics = fixture.get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String text = metrics.body();
        assertTrue(metric(text, "clip4j_http_requests_total", Map.of("route", "/v1/embeddings/text", "status", "200")) >= 1, text);
        assertTrue(metric(text, "clip4j_http_requests_total", Map.of("route", "/v1/embeddings/text", "status", "400")) >= 1, text);
        assertTrue(text.contains("clip4j_http_request_duration_seconds_bucket{"), "latency histogram");
        assertTrue(metric(text, "clip4j_batch_size_bucket", Map.of("queue", "text", "le", "1.0")) >= 1, "batch-size histogram");
        assertTrue(metric(text, "clip4j_queue_depth", Map.of("queue", "image")) >= 0, "queue depth");
        assertTrue(metric(text, "clip4j_process_resident_bytes", Map.of()) > 0, "resident memory");
    }

    @Test
    void healthSaysLoadingUntilTheModelIsAttached() {
        EmbeddingServer server = EmbeddingServer.start(ServerFixture.settings().build());
        try (ServerFixture early = new ServerFixture(server)) {
            HttpResponse<String> health = early.get("/health");
            assertEquals(503, health.statusCode());
            assertEquals("loading", json(health).get("status").asText());
            assertError(early.postJson("/v1/embeddings/text", Map.of("texts", List.of("x"))), 503, "loading");
            server.attach(model);
            assertEquals(200, early.get("/health").statusCode());
            assertEquals(1, embeddings(early.postJson("/v1/embeddings/text", Map.of("texts", List.of("x")))).length);
        }
    }

    @Test
    void embeddingsAreUnitLength() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add("text number " + i);
        }
        for (float[] row : embeddings(fixture.postJson("/v1/embeddings/text", Map.of("texts", many)))) {
            double norm = 0;
            for (float v : row) {
                norm += v * v;
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-4);
        }
    }
}
