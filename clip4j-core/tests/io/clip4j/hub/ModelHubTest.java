package io.clip4j.hub;

import static io.clip4j.Fixtures.assertClose;
import static io.clip4j.Fixtures.flatten;
import static io.clip4j.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.hub.HubException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads through the hub's protocol into huggingface_hub's cache layout, against {@link FakeHub}
 * (a local server; the real hub is not reachable from the test machines).
 */
class ModelHubTest {
    private static final List<String> CHECKPOINT = List.of("config.json", "preprocessor_config.json", "tokenizer.json",
            "tokenizer_config.json", "model.safetensors");

    @TempDir
    Path cache;
    FakeHub server;
    Map<String, byte[]> files;

    @BeforeEach
    void start() throws IOException {
        server = new FakeHub();
        files = new LinkedHashMap<>();
        for (String name : CHECKPOINT) {
            files.put(name, Files.readAllBytes(Fixtures.TINY_CLIP.resolve(name)));
        }
        files.put("pytorch_model.bin", "pickled weights, never fetched".getBytes(StandardCharsets.UTF_8));
        files.put("README.md", "# tiny".getBytes(StandardCharsets.UTF_8));
        server.add("clip4j/tiny", files);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelHub hub(String... env) {
        Map<String, String> vars = new LinkedHashMap<>(Map.of("HF_ENDPOINT", server.endpoint(), "HF_HUB_CACHE", cache.toString()));
        for (int i = 0; i < env.length; i += 2) {
            vars.put(env[i], env[i + 1]);
        }
        return ModelHub.fromEnvironment(vars);
    }

    private Path repoFolder() {
        return cache.resolve("models--clip4j--tiny");
    }

    private long cdnGets() {
        return server.seen().stream().filter(s -> s.path().startsWith("/cdn/")).count();
    }

    @Test
    void pullsOneCheckpointIntoTheHubCacheLayout() throws IOException {
        Snapshot s = hub().download("clip4j/tiny");
        assertEquals(FakeHub.COMMIT, s.commit());
        assertEquals(repoFolder().resolve("snapshots").resolve(FakeHub.COMMIT), s.folder());
        assertEquals(CHECKPOINT.stream().sorted().toList(), s.files().stream().sorted().toList(), "no pickle, no README");
        assertTrue(server.seen().stream().noneMatch(r -> r.path().endsWith("pytorch_model.bin") || r.path().endsWith("README.md")));
        // huggingface_hub's layout: refs/main holds the commit (no newline), snapshot files link to ../../blobs/ETAG
        assertEquals(FakeHub.COMMIT, Files.readString(repoFolder().resolve("refs/main")));
        for (String name : CHECKPOINT) {
            Path link = s.folder().resolve(name);
            String etag = FakeHub.etag(name, files.get(name));
            assertTrue(Files.isSymbolicLink(link), name);
            assertEquals(Path.of("../../blobs", etag), Files.readSymbolicLink(link), name);
            assertArrayEquals(files.get(name), Files.readAllBytes(link), name);
        }
        assertEquals(s.bytes(), s.downloadedBytes());
        // the folder is a model: the reference embeddings come out of it
        try (ClipModel clip = ClipModel.load(s.folder());
             Embeddings texts = clip.embedTokenIds(reference().tensor("input_ids"), true)) {
            assertClose(reference().floats("text_embeds"), flatten(texts.toArray()), 1e-4, "text_embeds");
        }
        // the token went to the hub, never to the CDN's other host
        ModelHub withToken = hub("HF_TOKEN", FakeHub.TOKEN).withCacheDir(cache.resolve("second"));
        server.forget();
        withToken.download("clip4j/tiny");
        assertTrue(server.seen().stream().filter(r -> !r.path().startsWith("/cdn/"))
                .allMatch(r -> ("Bearer " + FakeHub.TOKEN).equals(r.authorization())));
        assertTrue(server.seen().stream().filter(r -> r.path().startsWith("/cdn/")).allMatch(r -> r.authorization() == null));
        assertTrue(cdnGets() > 0);
    }

    @Test
    void aSecondPullAndAPythonMadeCacheFetchNothing() throws IOException {
        hub().download("clip4j/tiny");
        server.forget();
        Snapshot again = hub().download("clip4j/tiny");
        assertEquals(0, again.downloadedBytes());
        assertEquals(0, cdnGets());
        assertTrue(server.seen().stream().noneMatch(r -> r.method().equals("GET") && r.path().contains("/resolve/")));

        // a cache as huggingface_hub writes it (blobs by ETag, relative links, refs/main) is used as it is
        Path python = cache.resolve("python");
        Path repo = python.resolve("models--clip4j--tiny");
        Path snapshot = Files.createDirectories(repo.resolve("snapshots").resolve(FakeHub.COMMIT));
        Files.createDirectories(repo.resolve("blobs"));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), FakeHub.COMMIT);
        for (String name : CHECKPOINT) {
            String etag = FakeHub.etag(name, files.get(name));
            Files.write(repo.resolve("blobs").resolve(etag), files.get(name));
            Files.createSymbolicLink(snapshot.resolve(name), Path.of("../../blobs", etag));
        }
        server.forget();
        Snapshot reused = hub().withCacheDir(python).download("clip4j/tiny");
        assertEquals(snapshot, reused.folder());
        assertEquals(0, reused.downloadedBytes());
        assertEquals(0, cdnGets());
    }

    @Test
    void aCutDownloadResumesWithARange() throws IOException {
        String etag = FakeHub.etag("model.safetensors", files.get("model.safetensors"));
        server.cutAfter.put(etag, 1_000_000);
        HubException cut = assertThrows(HubException.class, () -> hub().download("clip4j/tiny"));
        assertEquals(Reason.NETWORK, cut.reason());
        assertTrue(cut.getMessage().contains("model.safetensors") && cut.getMessage().contains("run again to resume"), cut.getMessage());
        Path partial = repoFolder().resolve("blobs").resolve(etag + ".incomplete");
        assertEquals(1_000_000, Files.size(partial));
        assertFalse(Files.exists(repoFolder().resolve("snapshots").resolve(FakeHub.COMMIT).resolve("model.safetensors")));

        server.forget();
        Snapshot s = hub().download("clip4j/tiny");
        assertTrue(server.seen().stream().anyMatch(r -> r.path().equals("/cdn/" + etag) && "bytes=1000000-".equals(r.range())),
                server.seen().toString());
        assertFalse(Files.exists(partial));
        assertArrayEquals(files.get("model.safetensors"), Files.readAllBytes(s.folder().resolve("model.safetensors")));
        assertEquals(files.get("model.safetensors").length - 1_000_000, s.downloadedBytes());
    }

    @Test
    void aCorruptedDownloadIsRefusedAndDeleted() {
        String etag = FakeHub.etag("model.safetensors", files.get("model.safetensors"));
        server.corrupt.add(etag);
        HubException e = assertThrows(HubException.class, () -> hub().download("clip4j/tiny"));
        assertEquals(Reason.CHECKSUM, e.reason());
        assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains(etag), e.getMessage());
        assertFalse(Files.exists(repoFolder().resolve("blobs").resolve(etag)));
        assertFalse(Files.exists(repoFolder().resolve("blobs").resolve(etag + ".incomplete")));
        assertFalse(Files.exists(repoFolder().resolve("snapshots").resolve(FakeHub.COMMIT).resolve("model.safetensors")));
        assertFalse(Files.exists(repoFolder().resolve("refs/main")), "no ref to a snapshot that is not complete");
    }

    @Test
    void offlineUsesOnlyTheCache() {
        Snapshot online = hub().download("clip4j/tiny");
        server.close();
        Snapshot offline = hub("HF_HUB_OFFLINE", "1").download("clip4j/tiny");
        assertEquals(online.folder(), offline.folder());
        assertEquals(online.files().stream().sorted().toList(), offline.files());
        assertEquals(FakeHub.COMMIT, hub("HF_HUB_OFFLINE", "1").download("clip4j/tiny", FakeHub.COMMIT).commit());
        HubException missing = assertThrows(HubException.class, () -> hub("HF_HUB_OFFLINE", "1").download("clip4j/other"));
        assertEquals(Reason.NOT_CACHED, missing.reason());
        assertTrue(missing.getMessage().contains("hf:clip4j/other") && missing.getMessage().contains("HF_HUB_OFFLINE"));
        // and online without a server: a network error naming the endpoint and the way out
        HubException down = assertThrows(HubException.class, () -> hub().download("clip4j/tiny"));
        assertEquals(Reason.NETWORK, down.reason());
        assertTrue(down.getMessage().contains("127.0.0.1") && down.getMessage().contains("HF_HUB_OFFLINE=1"), down.getMessage());
    }

    @Test
    void accessErrorsSayWhatToDo() {
        server.add("clip4j/private", files, "private");
        server.add("clip4j/gated", files, "gated");
        HubException e = assertThrows(HubException.class, () -> hub().download("clip4j/private"));
        assertEquals(Reason.UNAUTHORIZED, e.reason());
        assertTrue(e.getMessage().contains("hf:clip4j/private") && e.getMessage().contains("HF_TOKEN"), e.getMessage());
        assertEquals(FakeHub.COMMIT, hub("HF_TOKEN", FakeHub.TOKEN).download("clip4j/private").commit());

        for (String[] env : List.of(new String[0], new String[] {"HF_TOKEN", FakeHub.TOKEN})) {
            e = assertThrows(HubException.class, () -> hub(env).download("clip4j/gated"));
            assertEquals(Reason.GATED, e.reason());
            assertTrue(e.getMessage().contains("gated") && e.getMessage().contains("HF_TOKEN"), e.getMessage());
        }
        e = assertThrows(HubException.class, () -> hub("HF_TOKEN", FakeHub.TOKEN).download("clip4j/nothing"));
        assertEquals(Reason.NOT_FOUND, e.reason());
        e = assertThrows(HubException.class, () -> hub().download("clip4j/tiny", "v9"));
        assertEquals(Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("hf:clip4j/tiny@v9") && e.getMessage().contains("revision"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> hub().download("../../etc"));
        assertThrows(IllegalArgumentException.class, () -> hub().download("a/b", "../x"));
    }

    @Test
    void aRepositoryOfPicklesOnlyIsRefusedWithTheWayToConvert() {
        server.add("clip4j/pickles", Map.of("config.json", files.get("config.json"),
                "open_clip_pytorch_model.bin", "pickle".getBytes(StandardCharsets.UTF_8)));
        HubException e = assertThrows(HubException.class, () -> hub().download("clip4j/pickles"));
        assertEquals(Reason.UNSUPPORTED, e.reason());
        assertTrue(e.getMessage().contains("open_clip_pytorch_model.bin") && e.getMessage().contains("save_file"), e.getMessage());
        assertEquals(0, cdnGets(), "nothing fetched");
    }

    @Test
    void theWeightsFollowTheFolderRule() {
        assertEquals(List.of("config.json", "model.safetensors"), CheckpointFiles.select(
                List.of("config.json", "open_clip_model.safetensors", "model.safetensors", "pytorch_model.bin", "flax_model.msgpack"), "x"));
        assertEquals(List.of("open_clip_config.json", "open_clip_model.safetensors"), CheckpointFiles.select(
                List.of("open_clip_config.json", "open_clip_model.safetensors", "open_clip_pytorch_model.bin"), "x"));
        assertEquals(List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"), CheckpointFiles.select(
                List.of("model-00002-of-00002.safetensors", "model.safetensors.index.json", "model-00001-of-00002.safetensors",
                        "README.md"), "x").subList(1, 3));
        assertEquals(Reason.UNSUPPORTED, assertThrows(HubException.class,
                () -> CheckpointFiles.select(List.of("a.safetensors", "b.safetensors"), "x")).reason());
    }

    @Test
    void theEnvironmentIsReadAsHuggingFaceHubReadsIt() throws IOException {
        ModelHub fromHome = ModelHub.fromEnvironment(Map.of("HF_HOME", "/h"));
        assertEquals(Path.of("/h/hub"), fromHome.cacheDir());
        assertFalse(fromHome.offline());
        assertEquals(Path.of("/c"), ModelHub.fromEnvironment(Map.of("HF_HOME", "/h", "HF_HUB_CACHE", "/c")).cacheDir());
        assertEquals(Path.of("/x/huggingface/hub"), ModelHub.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x")).cacheDir());
        for (String on : List.of("1", "true", "YES", "on")) {
            assertTrue(ModelHub.fromEnvironment(Map.of("HF_HUB_OFFLINE", on)).offline(), on);
        }
        assertFalse(ModelHub.fromEnvironment(Map.of("HF_HUB_OFFLINE", "0")).offline());
        // the token file huggingface-cli login writes
        Path home = Files.createDirectories(cache.resolve("home"));
        Files.writeString(home.resolve("token"), FakeHub.TOKEN + "\n");
        server.add("clip4j/private", files, "private");
        ModelHub viaFile = ModelHub.fromEnvironment(Map.of("HF_HOME", home.toString(), "HF_ENDPOINT", server.endpoint()))
                .withCacheDir(cache.resolve("c2"));
        assertEquals(FakeHub.COMMIT, viaFile.download("clip4j/private").commit());
        assertEquals("refs%2Fpr%2F1", ModelHub.quote("refs/pr/1", false));
        assertEquals("sub/a%20b%2B.safetensors", ModelHub.quote("sub/a b+.safetensors", true));
    }

    @Test
    void aRenamedRepositoryIsFollowedAndACacheThatCannotBeWrittenIsNamed() throws IOException {
        server.add("new-owner/tiny", files);
        HubHttp.Metadata meta = new HubHttp(null).head(java.net.URI.create(server.endpoint()
                + "/old-owner/tiny/resolve/main/config.json"), "x");
        assertEquals(FakeHub.etag("config.json", files.get("config.json")), meta.etag());
        assertTrue(meta.location().getPath().startsWith("/new-owner/"), meta.location().toString());

        Files.createDirectories(repoFolder());
        Files.writeString(repoFolder().resolve("blobs"), "a file where the blobs folder goes");
        HubException e = assertThrows(HubException.class, () -> hub().download("clip4j/tiny"));
        assertEquals(Reason.CACHE, e.reason());
        assertTrue(e.getMessage().contains("hub cache") && e.getMessage().contains("blobs"), e.getMessage());
    }
}
