package io.clip4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.ContentType;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.shapes.PairSet;
import io.clip4j.shapes.ShapeStyle;
import io.clip4j.shapes.ShapesGenerator;
import io.clip4j.shapes.ShapesSummary;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CLIP behind LangChain4j's EmbeddingModel: the same vectors as ClipModel, and text-to-image retrieval. */
class ClipEmbeddingModelTest {
    private static List<Embedding> embedImages(EmbeddingModel model, List<Path> files) {
        List<EmbeddingInput> inputs = files.stream().map(f -> EmbeddingInput.from(new ImageContent(f.toUri()))).toList();
        return model.embed(EmbeddingRequest.builder().inputs(inputs).build()).embeddings();
    }

    @Test
    void textsAndImagesAreClipModelsVectors() throws Exception {
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP)) {
            EmbeddingModel model = new ClipEmbeddingModel(clip);
            assertEquals(24, model.dimension());
            assertEquals(java.util.Set.of(ContentType.TEXT, ContentType.IMAGE), model.supportedContentTypes());
            List<String> texts = List.of("a photo of a cat", "a dog");
            List<Embedding> viaLangChain = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
            Path chelsea = Fixtures.TINY_CLIP.resolve("images/chelsea.png");
            try (Embeddings expected = clip.embedTexts(texts);
                 Embeddings image = clip.embedImageFiles(List.of(chelsea))) {
                for (int i = 0; i < texts.size(); i++) {
                    Fixtures.assertClose(expected.row(i), viaLangChain.get(i).vector(), 1e-6, "text " + i);
                }
                // a file URI, base64 data, and a text in one request, in order
                String base64 = Base64.getEncoder().encodeToString(Files.readAllBytes(chelsea));
                List<Embedding> mixed = model.embed(EmbeddingRequest.builder().inputs(List.of(
                        EmbeddingInput.from(new ImageContent(chelsea.toUri())),
                        EmbeddingInput.from(new ImageContent(base64, "image/png")),
                        EmbeddingInput.from(new TextContent("a dog")))).build()).embeddings();
                Fixtures.assertClose(image.row(0), mixed.get(0).vector(), 1e-6, "file URI");
                Fixtures.assertClose(image.row(0), mixed.get(1).vector(), 1e-6, "base64");
                Fixtures.assertClose(expected.row(1), mixed.get(2).vector(), 1e-6, "text among images");
            }
            ClipException remote = assertThrows(ClipException.class, () -> model.embed(EmbeddingRequest.builder()
                    .inputs(List.of(EmbeddingInput.from(new ImageContent(URI.create("https://example.com/cat.png"))))).build()));
            assertTrue(remote.getMessage().contains("nothing is fetched"), remote.getMessage());
            assertThrows(ClipException.class, () -> model.embed(EmbeddingRequest.builder().inputs(List.of(
                    EmbeddingInput.from(new TextContent("a"), new TextContent("b")))).build()));
        }
    }

    @Test
    void aTextQueryFindsTheImagesItNames(@TempDir Path dir) throws Exception {
        // images in the demo model's world, 200 of its seen colour-shape pairs
        ShapesSummary shapes = ShapesGenerator.generate(dir.resolve("shapes"), 200, 21, PairSet.SEEN, 64, ShapeStyle.DEMO, done -> { });
        List<Path> files = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String line : Files.readAllLines(shapes.csv()).subList(1, 201)) {
            String[] f = line.split(",");
            files.add(shapes.dir().resolve(f[0]));
            labels.add(f[2] + " " + f[3]);
        }
        long redCircles = labels.stream().filter("red circle"::equals).count();
        assertTrue(redCircles >= 3, "the drawing has " + redCircles + " red circles");
        try (ClipModel clip = ClipModel.load(Path.of("models", "shapes-demo"))) {
            EmbeddingModel model = new ClipEmbeddingModel(clip);
            InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
            store.addAll(embedImages(model, files), labels.stream().map(TextSegment::from).toList());
            List<EmbeddingMatch<TextSegment>> hits = store.search(EmbeddingSearchRequest.builder()
                    .queryEmbedding(model.embed("a red circle").content()).maxResults(3).build()).matches();
            assertEquals(3, hits.size());
            for (EmbeddingMatch<TextSegment> hit : hits) {
                assertEquals("red circle", hit.embedded().text(), "hits: " + hits.stream().map(h -> h.embedded().text()).toList());
            }
        }
    }
}
