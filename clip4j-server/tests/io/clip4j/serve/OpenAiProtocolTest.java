package io.clip4j.serve;

import static io.clip4j.serve.ServerFixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/embeddings} and {@code GET /v1/models} called by the real clients users have:
 * OpenAI's Java SDK (which sends {@code encoding_format: base64}) and LangChain4j's
 * {@code OpenAiEmbeddingModel}, each pointed at a running server with the tiny fixture; the
 * vectors equal {@link ClipModel}'s.
 */
class OpenAiProtocolTest {
    private static final String KEY = "secret-key-0123456789";
    private static final List<String> TEXTS = List.of("a photo of a cat", "a dog", "a cup of coffee");
    private static ClipModel model;
    private static ServerFixture fixture;

    @BeforeAll
    static void start() {
        model = ClipModel.load(Fixtures.TINY_CLIP);
        fixture = ServerFixture.start(model, ServerFixture.settings().apiKeys(ApiKeys.of(KEY)));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        model.close();
    }

    private static float[][] direct(List<String> texts) {
        try (Embeddings e = model.embedTexts(texts)) {
            return e.toArray();
        }
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static String dataUri(String image) throws Exception {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(
                Files.readAllBytes(Fixtures.TINY_CLIP.resolve("images").resolve(image)));
    }

    @Test
    void theOfficialSdkGetsClipEmbeddings() throws Exception {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(fixture.base + "/v1").apiKey(KEY).build();
        try {
            CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                    .inputOfArrayOfStrings(TEXTS).model("tiny-clip").build());
            float[][] expected = direct(TEXTS);
            assertEquals(TEXTS.size(), response.data().size());
            for (int i = 0; i < TEXTS.size(); i++) {
                assertEquals(i, response.data().get(i).index());
                Fixtures.assertClose(expected[i], floats(response.data().get(i).embedding()), 1e-6, "text " + i);
            }
            assertEquals("tiny-clip", response.model());
            long tokens = TEXTS.stream().mapToLong(t -> model.tokenizer().tokenize(t).length).sum();
            assertEquals(tokens, response.usage().promptTokens());
            assertEquals(tokens, response.usage().totalTokens());

            // images the way infinity takes them: modality image, data URIs
            CreateEmbeddingResponse images = client.embeddings().create(EmbeddingCreateParams.builder()
                    .input(dataUri("chelsea.png")).model("tiny-clip")
                    .putAdditionalBodyProperty("modality", JsonValue.from("image")).build());
            try (Embeddings e = model.embedImageFiles(List.of(Fixtures.TINY_CLIP.resolve("images/chelsea.png")))) {
                Fixtures.assertClose(e.row(0), floats(images.data().get(0).embedding()), 1e-5, "image");
            }
            assertEquals(0, images.usage().promptTokens());

            assertEquals("tiny-clip", client.models().list().data().get(0).id());
            assertThrows(BadRequestException.class, () -> client.embeddings().create(EmbeddingCreateParams.builder()
                    .inputOfArrayOfTokens(List.of(1L, 2L)).model("tiny-clip").build()));
            OpenAIClient wrongKey = OpenAIOkHttpClient.builder().baseUrl(fixture.base + "/v1").apiKey("not-the-key-0123456789").build();
            try {
                assertThrows(UnauthorizedException.class, () -> wrongKey.embeddings().create(EmbeddingCreateParams.builder()
                        .input("a cat").model("tiny-clip").build()));
            } finally {
                wrongKey.close();
            }
        } finally {
            client.close();
        }
    }

    @Test
    void langChain4jsOpenAiModelGetsClipEmbeddings() throws Exception {
        OpenAiEmbeddingModel texts = OpenAiEmbeddingModel.builder().baseUrl(fixture.base + "/v1").apiKey(KEY)
                .modelName("tiny-clip").build();
        List<Embedding> got = texts.embedAll(TEXTS.stream().map(TextSegment::from).toList()).content();
        float[][] expected = direct(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            Fixtures.assertClose(expected[i], got.get(i).vector(), 1e-6, "text " + i);
        }
        // images through LangChain4j's custom parameters: the segments are data URIs
        OpenAiEmbeddingModel images = OpenAiEmbeddingModel.builder().baseUrl(fixture.base + "/v1").apiKey(KEY)
                .modelName("tiny-clip").customParameters(Map.of("modality", "image")).build();
        float[] image = images.embed(dataUri("coffee.png")).content().vector();
        try (Embeddings e = model.embedImageFiles(List.of(Fixtures.TINY_CLIP.resolve("images/coffee.png")))) {
            Fixtures.assertClose(e.row(0), image, 1e-5, "image");
        }
    }

    @Test
    void mistakesAreOpenAiShapedErrors() {
        String auth = "Bearer " + KEY;
        JsonNode wrongWidth = assertOpenAiError(fixture.postJson("/v1/embeddings",
                Map.of("input", "a cat", "model", "m", "dimensions", 8), "Authorization", auth), 400, "dimensions");
        assertTrue(wrongWidth.get("error").get("message").asText().contains("24"), wrongWidth.toString());
        assertOpenAiError(fixture.postJson("/v1/embeddings", Map.of("input", List.of(List.of(1, 2)), "model", "m"),
                "Authorization", auth), 400, "input");
        assertOpenAiError(fixture.postJson("/v1/embeddings", Map.of("input", "a", "encoding_format", "int8"),
                "Authorization", auth), 400, "encoding_format");
        JsonNode url = assertOpenAiError(fixture.postJson("/v1/embeddings",
                Map.of("input", "https://example.com/cat.jpg", "modality", "image"), "Authorization", auth), 400, "input");
        assertTrue(url.get("error").get("message").asText().contains("fetches nothing"), url.toString());
        JsonNode noKey = assertOpenAiError(fixture.postJson("/v1/embeddings", Map.of("input", "a")), 401, null);
        assertEquals("authentication_error", noKey.get("error").get("type").asText());
        // the other routes keep their own error shape
        assertError(fixture.postJson("/v1/embeddings/text", Map.of("texts", List.of()), "Authorization", auth), 400, "empty_input");
    }

    private static JsonNode assertOpenAiError(java.net.http.HttpResponse<String> response, int status, String param) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = ServerFixture.json(response);
        JsonNode error = body.get("error");
        assertTrue(error != null && error.isObject() && error.has("message") && error.has("type") && error.has("code")
                && error.has("param"), response.body());
        if (param != null) {
            assertEquals(param, error.get("param").asText(), response.body());
        }
        return body;
    }
}
