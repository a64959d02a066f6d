package io.clip4j.serve;

import static io.clip4j.serve.ServerFixture.assertError;
import static io.clip4j.serve.ServerFixture.base64;
import static io.clip4j.serve.ServerFixture.image;
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
import io.clip4j.index.IndexSettings;
import io.clip4j.index.IndexedFile;
import io.clip4j.index.MediaFragment;
import io.clip4j.index.ModelIdentity;
import io.clip4j.index.SearchHit;
import io.clip4j.index.SearchOptions;
import io.clip4j.index.VectorIndex;
import io.clip4j.index.VectorStoreWriter;
import io.clip4j.index.VectorStores;
import io.clip4j.moderation.DefaultPolicy;
import io.clip4j.moderation.Moderator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/search} and {@code POST /v1/moderate} answer as the Java API does. */
class SearchRoutesTest {
    @Test
    void searchAndModerateThroughTheServer(@TempDir Path dir) {
        Path indexDir = dir.resolve("images.idx");
        try (ClipModel model = ClipModel.load(Fixtures.TINY_CLIP)) {
            new IndexBuilder(model, BuildOptions.defaults()).build(indexDir, List.of(ServerFixture.IMAGES), BuildListener.NONE);
            try (VectorStoreWriter writer = VectorStores.openWriter(indexDir.toString(), ModelIdentity.of(model), null,
                    IndexSettings.defaults()); io.clip4j.Embeddings cat = model.embedImageFiles(List.of(ServerFixture.IMAGES.resolve("chelsea.png")))) {
                // a shot of a video, as the video indexer writes it
                writer.add(new IndexedFile(new MediaFragment("/videos/cats.mp4", 1.5, 3.25).key(), "v", 1, 1), cat.row(0));
                writer.commit();
            }
            try (VectorIndex index = VectorIndex.open(indexDir, "cpu");
                 Moderator moderator = Moderator.create(model, DefaultPolicy.load())) {
                ServerFixture fixture = ServerFixture.start(model, ServerFixture.settings());
                try {
                    HttpResponse<String> none = fixture.postJson("/v1/search", Map.of("text", "a cat"));
                    assertError(none, 404, "no_index");

                    fixture.server.useIndex(index);
                    fixture.server.useModerator(moderator);
                    ImageSearch direct = new ImageSearch(model, index);

                    JsonNode byImage = json(fixture.postJson("/v1/search", Map.of("image", base64("chelsea.png"), "k", 2)));
                    assertEquals(2, byImage.get("results").size());
                    assertTrue(byImage.get("results").get(0).get("path").asText().endsWith("chelsea.png"), byImage.toString());
                    assertEquals(1.0, byImage.get("results").get(0).get("score").asDouble(), 1e-4);

                    JsonNode shot = json(fixture.postJson("/v1/search", Map.of("image", base64("chelsea.png"), "k", 2,
                            "path_prefix", "/videos/")));
                    assertEquals(1, shot.get("results").size(), shot.toString());
                    JsonNode cats = shot.get("results").get(0);
                    assertEquals("/videos/cats.mp4", cats.get("path").asText());
                    assertEquals(1.5, cats.get("start").asDouble());
                    assertEquals(3.25, cats.get("end").asDouble());
                    assertEquals(1.0, cats.get("score").asDouble(), 1e-4);

                    JsonNode byText = json(fixture.postJson("/v1/search", Map.of("text", "a photo of a cat", "k", 3, "exact", true)));
                    List<SearchHit> expected = direct.byText("a photo of a cat", SearchOptions.top(3).exactly());
                    assertEquals(3, byText.get("results").size());
                    for (int i = 0; i < 3; i++) {
                        assertEquals(expected.get(i).path(), byText.get("results").get(i).get("path").asText());
                        assertEquals(expected.get(i).score(), byText.get("results").get(i).get("score").floatValue(), 1e-4);
                    }

                    assertError(fixture.postJson("/v1/search", Map.of("text", "x", "image", "y")), 400, "invalid_request");
                    assertError(fixture.postJson("/v1/search", Map.of("text", "x", "k", 0)), 400, "invalid_request");
                    assertError(fixture.postJson("/v1/search", Map.of("txt", "x")), 400, "invalid_request");
                    // the route's own field name in its errors (was images[0], a field it does not have)
                    JsonNode notBase64 = assertError(fixture.postJson("/v1/search", Map.of("image", "not base64!")), 400, "invalid_base64");
                    assertTrue(notBase64.get("detail").asText().startsWith("image is not valid base64"), notBase64.toString());
                    JsonNode notText = assertError(fixture.postJson("/v1/search", Map.of("image", 5)), 400, "invalid_request");
                    assertTrue(notText.get("detail").asText().contains("'image'") && !notText.toString().contains("images"), notText.toString());

                    JsonNode verdicts = json(fixture.post("/v1/moderate", "image/png", image("coffee.png")));
                    JsonNode first = verdicts.get("results").get(0);
                    var direct0 = moderator.moderate(List.of(new io.clip4j.image.ImageDecoder()
                            .decode(image("coffee.png"), "coffee.png"))).get(0);
                    assertEquals(direct0.action().id(), first.get("action").asText());
                    assertEquals(direct0.scores().size(), first.get("scores").size());
                    direct0.scores().forEach(s -> assertEquals(s.score(), first.get("scores").get(s.category()).asDouble(), 1e-4));
                    assertError(fixture.post("/v1/moderate", "text/plain", new byte[] {1}), 415, "unsupported_media_type");
                } finally {
                    fixture.close();
                }
            }
        }
    }
}
