package io.clip4j.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.serve.ApiKeys;
import io.clip4j.serve.EmbeddingServer;
import io.clip4j.serve.ServerSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.ai.openai.OpenAiEmbeddingOptions;

/**
 * Spring AI's own OpenAI embedding model, pointed at a running clip4j server's
 * {@code /v1/embeddings}, gets ClipModel's vectors (the server side of the OpenAI protocol is
 * tested with OpenAI's SDK and LangChain4j in clip4j-server).
 */
class SpringAiOpenAiClientTest {
    @Test
    void springAisOpenAiModelCallsTheServer() {
        String key = "secret-key-0123456789";
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP);
             EmbeddingServer server = EmbeddingServer.start(clip, ServerSettings.builder().host("127.0.0.1").port(0)
                     .apiKeys(ApiKeys.of(key)).build())) {
            OpenAiEmbeddingModel model = new OpenAiEmbeddingModel(OpenAiEmbeddingOptions.builder()
                    .baseUrl(server.url() + "/v1").apiKey(key).model("tiny-clip").build());
            List<String> texts = List.of("a photo of a cat", "a dog");
            List<float[]> got = model.embed(texts);
            try (Embeddings expected = clip.embedTexts(texts)) {
                assertEquals(texts.size(), got.size());
                for (int i = 0; i < texts.size(); i++) {
                    Fixtures.assertClose(expected.row(i), got.get(i), 1e-6, "text " + i);
                }
            }
        }
    }
}
