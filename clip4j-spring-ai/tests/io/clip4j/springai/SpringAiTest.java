package io.clip4j.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.content.Media;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.DocumentEmbeddingModel;
import org.springframework.ai.embedding.DocumentEmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.MimeTypeUtils;

/** A minimal Boot application gets CLIP's Spring AI models from clip4j.* properties, text and images. */
class SpringAiTest {
    /** The whole application: auto-configuration only. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void aBootContextEmbedsTextAndImagesAsClipModelDoes() throws Exception {
        Path chelsea = Fixtures.TINY_CLIP.resolve("images/chelsea.png");
        ClipModel model;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of("clip4j.model-dir", Fixtures.TINY_CLIP.toString(), "clip4j.device", "cpu"))
                .run()) {
            EmbeddingModel text = context.getBean(EmbeddingModel.class);
            DocumentEmbeddingModel documents = context.getBean(DocumentEmbeddingModel.class);
            model = context.getBean(ClipModel.class);
            assertEquals(24, text.dimensions());
            assertEquals(24, documents.dimensions());
            List<String> texts = List.of("a photo of a cat", "a dog");
            List<float[]> viaSpring = text.embed(texts);
            Document image = new Document(Media.builder().mimeType(MimeTypeUtils.IMAGE_PNG)
                    .data(Files.readAllBytes(chelsea)).build(), Map.of());
            List<float[]> docs = documents.call(new DocumentEmbeddingRequest(image, new Document("a dog")))
                    .getResults().stream().map(r -> r.getOutput()).toList();
            try (Embeddings expected = model.embedTexts(texts); Embeddings picture = model.embedImageFiles(List.of(chelsea))) {
                for (int i = 0; i < texts.size(); i++) {
                    Fixtures.assertClose(expected.row(i), viaSpring.get(i), 1e-6, "text " + i);
                }
                Fixtures.assertClose(picture.row(0), docs.get(0), 1e-6, "image document");
                Fixtures.assertClose(expected.row(1), docs.get(1), 1e-6, "text document");
                Fixtures.assertClose(picture.row(0), text.embed(image), 1e-6, "image document through the EmbeddingModel");
            }
            Document remote = new Document(Media.builder().mimeType(MimeTypeUtils.IMAGE_PNG)
                    .data(java.net.URI.create("https://example.com/cat.png")).build(), Map.of());
            ClipException e = assertThrows(ClipException.class, () -> documents.call(new DocumentEmbeddingRequest(remote)));
            assertTrue(e.getMessage().contains("nothing is fetched"), e.getMessage());
        }
        assertTrue(model.isClosed(), "the context closes the model it loaded");
    }

    @Test
    void withoutAModelDirNothingIsConfigured() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run()) {
            assertTrue(context.getBeansOfType(EmbeddingModel.class).isEmpty());
        }
    }
}
