package io.clip4j.serve;

import static io.clip4j.serve.ServerFixture.base64;
import static io.clip4j.serve.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.ClipModel;
import io.clip4j.Fixtures;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without "templates", /v1/classify uses the model folder's templates.txt, as the CLI does. */
class ModelTemplatesRouteTest {
    @TempDir
    Path dir;

    @Test
    void classifyDefaultsToTheModelFoldersTemplates() throws Exception {
        try (Stream<Path> files = Files.list(Fixtures.TINY_CLIP)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.writeString(dir.resolve("templates.txt"), "a drawing of a {}\n# comment\na blurry {}\n");
        List<String> labels = List.of("cat", "dog", "car");
        try (ClipModel model = ClipModel.load(dir); ServerFixture fixture = ServerFixture.start(model, ServerFixture.settings())) {
            JsonNode byDefault = json(fixture.postJson("/v1/classify",
                    Map.of("images", List.of(base64("chelsea.png")), "labels", labels, "top_k", 3)));
            JsonNode explicit = json(fixture.postJson("/v1/classify", Map.of("images", List.of(base64("chelsea.png")),
                    "labels", labels, "templates", List.of("a drawing of a {}", "a blurry {}"), "top_k", 3)));
            JsonNode clipDefaults = json(fixture.postJson("/v1/classify", Map.of("images", List.of(base64("chelsea.png")),
                    "labels", labels, "templates", List.of("a photo of a {}."), "top_k", 3)));
            JsonNode a = byDefault.get("results").get(0).get("predictions");
            JsonNode b = explicit.get("results").get(0).get("predictions");
            for (int i = 0; i < 3; i++) {
                assertEquals(b.get(i).get("label").asText(), a.get(i).get("label").asText());
                assertEquals(b.get(i).get("cosine").asDouble(), a.get(i).get("cosine").asDouble(), 1e-6);
            }
            // and it is not what another template gives
            double other = clipDefaults.get("results").get(0).get("predictions").get(0).get("cosine").asDouble();
            org.junit.jupiter.api.Assertions.assertNotEquals(other, a.get(0).get("cosine").asDouble(), 1e-9);
        }
    }
}
