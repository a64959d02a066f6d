package io.clip4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.index.BuildListener;
import io.clip4j.index.BuildReport;
import io.clip4j.index.ImageSearch;
import io.clip4j.index.IndexSettings;
import io.clip4j.index.MediaFragment;
import io.clip4j.index.ModelIdentity;
import io.clip4j.index.SearchHit;
import io.clip4j.index.SearchOptions;
import io.clip4j.index.VectorStore;
import io.clip4j.index.VectorStoreWriter;
import io.clip4j.index.VectorStores;
import io.clip4j.shapes.Colour;
import io.clip4j.shapes.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Videos in an index, a document per shot: a text search finds the right video and time range
 * first; rebuilds skip, replace and remove by video; several videos decoded at once give the
 * same documents as one at a time.
 */
class VideoIndexerTest {
    private static final double STEP = 0.25;
    private static ClipModel clip;

    @TempDir
    static Path tmp;

    private static Path videos;
    private static Path shapes;
    private static Path other;

    @BeforeAll
    static void setUp() throws Exception {
        clip = ClipModel.load(Path.of("models/shapes-demo"));
        videos = Files.createDirectories(tmp.resolve("videos"));
        shapes = TestVideos.write(videos.resolve("shapes.mp4"), 25, List.of(
                new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 2), new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 2),
                new TestVideos.Shot(Colour.YELLOW, Shape.TRIANGLE, 2)));
        other = TestVideos.write(Files.createDirectories(videos.resolve("more")).resolve("other.mkv"), "matroska", 25, 0, List.of(
                new TestVideos.Shot(Colour.YELLOW, Shape.TRIANGLE, 2), new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 2)));
    }

    @AfterAll
    static void tearDown() {
        clip.close();
    }

    private static VideoIndexer indexer(int parallel) {
        return new VideoIndexer(clip, new VideoClassifier.Options(Sampling.every(STEP), 0.1, 1, 16), parallel, false);
    }

    private static BuildReport build(String location, int parallel, Path... inputs) {
        try (VectorStoreWriter writer = VectorStores.openWriter(location, ModelIdentity.of(clip), null, IndexSettings.defaults())) {
            return indexer(parallel).build(writer, List.of(inputs), BuildListener.NONE);
        }
    }

    private static Map<String, float[]> documents(String location) {
        Map<String, float[]> out = new TreeMap<>();
        try (VectorStoreWriter writer = VectorStores.openWriter(location, ModelIdentity.of(clip), null, IndexSettings.defaults())) {
            writer.files().keySet().forEach(key -> out.put(key, writer.vector(key)));
        }
        return out;
    }

    @Test
    void aTextSearchFindsTheShotOfTheBlueSquareFirst() {
        String location = tmp.resolve("search.idx").toString();
        BuildReport report = build(location, 2, videos);
        assertEquals(2, report.added(), report.toString());
        assertEquals(5, report.documents(), "three shots and two shots");
        try (VectorStore store = VectorStores.open(location, "cpu")) {
            List<SearchHit> hits = new ImageSearch(clip, store).byText("a blue square", SearchOptions.top(3));
            MediaFragment first = hits.get(0).fragment();
            assertEquals(shapes.toAbsolutePath().normalize().toString(), first.file(), hits.toString());
            assertTrue(Math.abs(first.start() - 2) <= STEP + 1e-6 && Math.abs(first.end() - 4) <= STEP + 1e-6, first.toString());

            List<SearchHit> triangles = new ImageSearch(clip, store).byText("a yellow triangle", SearchOptions.top(2));
            assertEquals(2, triangles.stream().map(h -> h.fragment().file()).distinct().count(),
                    "each video's triangle shot: " + triangles);
        }
    }

    @Test
    void rebuildsSkipReplaceAndRemoveWholeVideos() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("rebuild"));
        Path a = Files.copy(shapes, dir.resolve("a.mp4"));
        Path b = Files.copy(other, dir.resolve("b.mkv"));
        String location = tmp.resolve("rebuild.idx").toString();
        assertEquals(2, build(location, 1, dir).added());
        BuildReport again = build(location, 1, dir);
        assertEquals(2, again.unchanged(), again.toString());
        assertEquals(0, again.added() + again.updated() + again.removed());

        Files.copy(shapes, b, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // b now holds three shots
        Files.delete(a);
        BuildReport changed = build(location, 1, dir);
        assertEquals(1, changed.updated(), changed.toString());
        assertEquals(1, changed.removed(), changed.toString());
        Map<String, float[]> docs = documents(location);
        assertEquals(3, docs.size(), docs.keySet().toString());
        assertTrue(docs.keySet().stream().allMatch(k -> MediaFragment.parse(k).file().equals(b.toString())), docs.keySet().toString());
    }

    @Test
    void severalVideosAtOnceGiveTheSameShotsAsOneAtATime() {
        String serial = tmp.resolve("serial.idx").toString();
        String parallel = tmp.resolve("parallel.idx").toString();
        build(serial, 1, videos);
        build(parallel, 3, videos);
        Map<String, float[]> one = documents(serial);
        Map<String, float[]> three = documents(parallel);
        assertEquals(one.keySet(), three.keySet());
        for (String key : one.keySet()) {
            float[] x = one.get(key);
            float[] y = three.get(key);
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-5, key);
            }
        }
    }

    @Test
    void aFileThatIsNotAVideoFailsByNameAndTheRestIsIndexed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mixed"));
        Files.copy(shapes, dir.resolve("good.mp4"));
        Path bad = Files.writeString(dir.resolve("bad.mov"), "not a video");
        List<String> errors = new java.util.ArrayList<>();
        String location = tmp.resolve("mixed.idx").toString();
        BuildReport report;
        try (VectorStoreWriter writer = VectorStores.openWriter(location, ModelIdentity.of(clip), null, IndexSettings.defaults())) {
            report = indexer(1).build(writer, List.of(dir), new BuildListener() {
                @Override
                public void failed(String path, String error) {
                    errors.add(error);
                }
            });
        }
        assertEquals(1, report.added());
        assertEquals(1, report.failed());
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith(bad + ": is not a video FFmpeg can open"), errors.get(0));
        assertEquals(3, report.documents());
    }
}
