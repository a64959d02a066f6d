package io.clip4j.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clip4j pull} and {@code --model hf:...} in a child JVM whose environment names the hub
 * ({@code HF_ENDPOINT}, {@code HF_HUB_CACHE}, {@code HF_HUB_OFFLINE}), against {@link FakeHub}.
 */
class PullCliTest {
    @TempDir
    Path cache;

    private record Run(int status, String out, String err) {
    }

    private Run clip4j(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(io.clip4j.ChildJvm.javaBinary(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), io.clip4j.cli.Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        builder.environment().putAll(env);
        Path out = cache.resolve("out.txt");
        Path err = cache.resolve("err.txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int status = p.waitFor();
        return new Run(status, Files.readString(out), Files.readString(err));
    }

    @Test
    void pullPrintsTheSnapshotAndHfModelsLoadFromTheCache() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (String name : List.of("config.json", "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json",
                    "model.safetensors")) {
                files.put(name, Files.readAllBytes(Fixtures.TINY_CLIP.resolve(name)));
            }
            hub.add("clip4j/tiny", files);
            Map<String, String> env = Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HUB_CACHE", cache.resolve("hub").toString());

            Run pull = clip4j(env, "pull", "clip4j/tiny");
            assertEquals(0, pull.status(), pull.err());
            JsonNode line = new ObjectMapper().readTree(pull.out());
            assertEquals("clip4j/tiny", line.get("repo").asText());
            assertEquals(FakeHub.COMMIT, line.get("commit").asText());
            assertEquals(cache.resolve("hub/models--clip4j--tiny/snapshots/" + FakeHub.COMMIT).toString(), line.get("path").asText());
            assertEquals(5, line.get("files").asInt());
            assertEquals(line.get("bytes").asLong(), line.get("downloaded").asLong());
            assertEquals("", pull.err().strip(), "no progress bar off a terminal");

            // offline, --model hf:... answers from the cache
            Map<String, String> offline = new LinkedHashMap<>(env);
            offline.put("HF_HUB_OFFLINE", "1");
            hub.close();
            Run embed = clip4j(offline, "embed-text", "--model", "hf:clip4j/tiny", "a photo of a cat");
            assertEquals(0, embed.status(), embed.err());
            assertEquals(24, new ObjectMapper().readTree(embed.out()).get("embedding").size());
            Run info = clip4j(offline, "info", "--model", "hf:clip4j/tiny@" + FakeHub.COMMIT);
            assertEquals(0, info.status(), info.err());
            assertEquals("tokenizer.json", new ObjectMapper().readTree(info.out()).get("tokenizer").asText());

            // what cannot be had: one line, exit 1; a malformed name: a usage error
            Run missing = clip4j(offline, "pull", "clip4j/other");
            assertEquals(1, missing.status());
            assertTrue(missing.err().strip().startsWith("clip4j: hf:clip4j/other: not in the hub cache")
                    && !missing.err().strip().contains("\n"), missing.err());
            Run bad = clip4j(offline, "pull", "not-a-repo");
            assertEquals(2, bad.status());
            assertTrue(bad.err().startsWith("clip4j: a hub repository is OWNER/NAME"), bad.err());
        }
    }
}
