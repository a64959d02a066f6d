package io.clip4j.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every vector store promises, run against each ({@link LuceneStoreTest}, and PostgreSQL
 * with pgvector in {@code clip4j-index-pgvector}): builds through {@link IndexBuilder} that are
 * incremental and survive SIGKILL, exact search equal to brute force, HNSW search with good
 * recall, path-prefix filters, and a refusal of vectors from another model.
 */
public abstract class VectorStoreContract {
    private static ClipModel clip;

    @TempDir
    protected Path tmp;

    /** A location no test used before: a directory under {@link #tmp}, or a new table. */
    protected abstract String newLocation(String name);

    @BeforeAll
    static void loadModel() {
        clip = ClipModel.load(Fixtures.TINY_CLIP);
    }

    @AfterAll
    static void closeModel() {
        clip.close();
    }

    private static float[] embedding(Path image) {
        try (io.clip4j.Embeddings e = clip.embedImageFiles(List.of(image))) {
            return e.row(0);
        }
    }

    @Test
    void buildFindsEachImageFirstAndRecordsItsHash() throws Exception {
        String location = newLocation("build");
        List<Path> images = IndexTestSupport.copyImages(tmp.resolve("images"), names());
        BuildReport report = build(new IndexBuilder(clip, BuildOptions.defaults().withBatchSize(2)), location,
                tmp.resolve("images"));
        assertEquals(images.size(), report.added());
        try (VectorStore store = VectorStores.open(location, "cpu")) {
            assertEquals(images.size(), store.size());
            store.requireModel(ModelIdentity.of(clip));
            Map<String, IndexedFile> files = store.files();
            for (Path image : images) {
                assertEquals(IndexBuilder.sha256(Files.readAllBytes(image)), files.get(image.toString()).sha256());
                for (SearchOptions options : List.of(SearchOptions.top(1), SearchOptions.top(1).exactly())) {
                    SearchHit first = new ImageSearch(clip, store).byVector(embedding(image), options).get(0);
                    assertEquals(image.toString(), first.path(), options.toString());
                    assertEquals(1.0, first.score(), 1e-4, options.toString());
                }
            }
        }
    }

    @Test
    void exactSearchIsBruteForceAndHnswRecallsNearlyAll() {
        String location = newLocation("random");
        int n = 600;
        int dim = 32;
        float[][] vectors = IndexTestSupport.unitVectors(n, dim, 7);
        try (VectorStoreWriter writer = VectorStores.openWriter(location, IndexTestSupport.randomModel(dim), null,
                IndexSettings.defaults())) {
            for (int i = 0; i < n; i++) {
                writer.add(new IndexedFile(String.format("/v/%s/%04d", i % 2 == 0 ? "even" : "odd", i), "0", 1, 1), vectors[i]);
            }
            writer.commit();
        }
        float[][] queries = IndexTestSupport.unitVectors(20, dim, 8);
        int found = 0;
        try (VectorStore store = VectorStores.open(location, "cpu")) {
            for (float[] q : queries) {
                List<SearchHit> truth = bruteForce(vectors, q, 10, null);
                List<SearchHit> exact = store.search(q, SearchOptions.top(10).exactly());
                assertEquals(truth.stream().map(SearchHit::path).toList(), exact.stream().map(SearchHit::path).toList());
                for (int i = 0; i < 10; i++) {
                    assertEquals(truth.get(i).score(), exact.get(i).score(), 1e-5);
                }
                Set<String> approximate = new HashSet<>();
                store.search(q, SearchOptions.top(10).withCandidates(100)).forEach(h -> approximate.add(h.path()));
                found += (int) truth.stream().filter(h -> approximate.contains(h.path())).count();

                List<SearchHit> evenTruth = bruteForce(vectors, q, 5, "/v/even/");
                assertEquals(evenTruth.stream().map(SearchHit::path).toList(), store.search(q,
                        SearchOptions.top(5).exactly().withPathPrefix("/v/even/")).stream().map(SearchHit::path).toList());
                List<SearchHit> evenApproximate = store.search(q, SearchOptions.top(5).withPathPrefix("/v/even/"));
                assertEquals(5, evenApproximate.size(), "a filter does not starve the graph search");
                assertTrue(evenApproximate.stream().allMatch(h -> h.path().startsWith("/v/even/")), evenApproximate.toString());
            }
        }
        double recall = found / (10.0 * queries.length);
        assertTrue(recall >= 0.9, "recall@10 " + recall);
    }

    @Test
    void rebuildAddsUpdatesRemovesAndSkips() throws Exception {
        String location = newLocation("incremental");
        Path dir = tmp.resolve("images");
        List<Path> images = IndexTestSupport.copyImages(dir, names());
        IndexBuilder builder = new IndexBuilder(clip, BuildOptions.defaults().withBatchSize(2));
        build(builder, location, dir);
        Files.delete(images.get(0));
        Files.copy(images.get(2), images.get(1), java.nio.file.StandardCopyOption.REPLACE_EXISTING); // changed bytes
        Path added = Files.copy(images.get(2), dir.resolve("added.png"));
        BuildReport again = build(builder, location, dir);
        assertEquals(1, again.added());
        assertEquals(1, again.updated());
        assertEquals(1, again.removed());
        assertEquals(images.size() - 2, again.unchanged());
        try (VectorStore store = VectorStores.open(location, "cpu")) {
            assertEquals(images.size(), store.size());
            assertFalse(store.files().containsKey(images.get(0).toString()));
            assertEquals(store.files().get(images.get(2).toString()).sha256(), store.files().get(added.toString()).sha256());
        }
    }

    /** Shots of a video are documents keyed by path and time range; an image build over the same folder keeps them. */
    @Test
    void videoShotsKeepTheirTimeRangesAndSurviveImageBuilds() throws Exception {
        String location = newLocation("shots");
        Path dir = tmp.resolve("media");
        List<Path> images = IndexTestSupport.copyImages(dir, names());
        String video = dir.resolve("clip.mp4").toString();
        MediaFragment first = new MediaFragment(video, 0, 2);
        MediaFragment second = new MediaFragment(video, 2, 4.5);
        try (VectorStoreWriter writer = VectorStores.openWriter(location, ModelIdentity.of(clip), null, IndexSettings.defaults())) {
            writer.add(new IndexedFile(first.key(), "v", 9, 9), embedding(images.get(0)));
            writer.add(new IndexedFile(second.key(), "v", 9, 9), embedding(images.get(1)));
            writer.commit();
        }
        BuildReport report = build(new IndexBuilder(clip, BuildOptions.defaults()), location, dir);
        assertEquals(images.size(), report.added());
        assertEquals(0, report.removed(), "the shots are not files the image build owns");
        try (VectorStore store = VectorStores.open(location, "cpu")) {
            assertEquals(images.size() + 2, store.size());
            for (SearchOptions options : List.of(SearchOptions.top(5), SearchOptions.top(5).exactly())) {
                List<SearchHit> hits = store.search(embedding(images.get(1)), options.withPathPrefix(video));
                assertEquals(List.of(second, first), hits.stream().map(SearchHit::fragment).toList(), options.toString());
                assertEquals(video + "#t=2.000,4.500", hits.get(0).path());
            }
            assertEquals(null, store.search(embedding(images.get(2)), SearchOptions.top(1).exactly()).get(0).fragment());
        }
    }

    @Test
    void uncommittedRowsVanishAndAPathIsNeverThereTwice() {
        String location = newLocation("commits");
        float[][] vectors = IndexTestSupport.unitVectors(15, 16, 3);
        ModelIdentity model = IndexTestSupport.randomModel(16);
        try (VectorStoreWriter writer = VectorStores.openWriter(location, model, null, IndexSettings.defaults())) {
            for (int i = 0; i < 10; i++) {
                writer.put(new IndexedFile("/p/" + i, "a", 1, 1), vectors[i]);
            }
            writer.commit();
            for (int i = 5; i < 15; i++) {
                writer.put(new IndexedFile("/p/" + i, "b", 1, 1), vectors[i]);
            }
        } // closed without a commit
        try (VectorStore store = VectorStores.open(location, "cpu")) {
            assertEquals(10, store.size());
            assertTrue(store.files().values().stream().allMatch(f -> f.sha256().equals("a")));
        }
        try (VectorStoreWriter writer = VectorStores.openWriter(location, model, null, IndexSettings.defaults())) {
            for (int i = 0; i < 15; i++) {
                writer.put(new IndexedFile("/p/" + i, "c", 1, 1), vectors[i]);
            }
            writer.commit();
            assertEquals(15, writer.documentCount());
        }
        try (VectorStore store = VectorStores.open(location, "cpu")) {
            assertEquals(15, store.size());
            assertEquals(15, store.files().size());
        }
    }

    @Test
    void anotherModelIsRefusedNamingBoth() {
        String location = newLocation("mismatch");
        try (VectorStoreWriter writer = VectorStores.openWriter(location, IndexTestSupport.randomModel(16), null,
                IndexSettings.defaults())) {
            writer.commit();
        }
        ModelIdentity tiny = ModelIdentity.of(clip);
        IndexMismatchException e = assertThrows(IndexMismatchException.class,
                () -> VectorStores.openWriter(location, tiny, null, IndexSettings.defaults()).close());
        assertTrue(e.getMessage().contains("16-dimensional") && e.getMessage().contains("'" + tiny.name() + "'"), e.getMessage());
        try (VectorStore store = VectorStores.open(location, "cpu")) {
            IndexMismatchException onSearch = assertThrows(IndexMismatchException.class, () -> new ImageSearch(clip, store));
            assertTrue(onSearch.getMessage().contains("16-dimensional"), onSearch.getMessage());
        }
    }

    /** A build killed with SIGKILL keeps every committed row once; the rerun completes it without duplicates. */
    @Test
    @Timeout(240)
    void killedBuildKeepsItsCommitsAndResumes() throws Exception {
        int count = 300;
        int killAfter = 40;
        Path images = tmp.resolve("noise");
        List<Path> files = IndexTestSupport.noiseImages(images, count, 16, 11, "png");
        String location = newLocation("crash");
        Path log = tmp.resolve("child.log");
        ProcessBuilder builder = new ProcessBuilder(io.clip4j.ChildJvm.javaBinary(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashBuildChild.class.getName(),
                Fixtures.TINY_CLIP.toAbsolutePath().toString(), location, images.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process child = builder.start();
        Set<String> committed;
        try {
            committed = awaitCommitted(location, child, log, killAfter);
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        }
        assertFalse(Files.readString(log).contains("finished"), "the kill must land before the build ends");
        assertTrue(committed.size() >= killAfter && committed.size() < count, "committed " + committed.size());
        int survived;
        try (VectorStore store = VectorStores.open(location, "cpu")) {
            Map<String, IndexedFile> indexed = store.files();
            survived = store.size();
            assertEquals(survived, indexed.size(), "no path twice");
            assertTrue(indexed.keySet().containsAll(committed), "every row seen committed survived");
            assertTrue(survived < count, "the build was cut short: " + survived);
            for (IndexedFile file : indexed.values()) {
                assertEquals(IndexBuilder.sha256(Files.readAllBytes(Path.of(file.path()))), file.sha256(), file.path());
            }
            float[] query = IndexTestSupport.unitVectors(1, store.metadata().model().dim(), 3)[0];
            assertEquals(5, store.search(query, SearchOptions.top(5)).size(), "the surviving index searches");
            assertEquals(5, store.search(query, SearchOptions.top(5).exactly()).size());
        }
        BuildReport resumed = build(new IndexBuilder(clip, BuildOptions.defaults().withBatchSize(16)), location, images);
        assertEquals(survived, resumed.unchanged(), "committed files are not embedded again");
        assertEquals(count - survived, resumed.added());
        assertEquals(0, resumed.updated() + resumed.removed() + resumed.failed());
        assertEquals(count, resumed.documents());
        try (VectorStore store = VectorStores.open(location, "cpu")) {
            Set<String> expected = new HashSet<>();
            files.forEach(f -> expected.add(f.toString()));
            assertEquals(expected, store.files().keySet());
        }
    }

    /** Runs {@code builder} on the store at {@code location} through a writer opened and closed here. */
    private static BuildReport build(IndexBuilder builder, String location, Path inputs) {
        try (VectorStoreWriter writer = VectorStores.openWriter(location, ModelIdentity.of(clip), null, IndexSettings.defaults())) {
            return builder.build(writer, List.of(inputs), BuildListener.NONE);
        }
    }

    private static String[] names() {
        return IndexTestSupport.fixtureImages().stream().map(p -> p.getFileName().toString()).toArray(String[]::new);
    }

    private static List<SearchHit> bruteForce(float[][] vectors, float[] q, int k, String prefix) {
        List<SearchHit> all = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            String path = String.format("/v/%s/%04d", i % 2 == 0 ? "even" : "odd", i);
            if (prefix != null && !path.startsWith(prefix)) {
                continue;
            }
            double dot = 0;
            for (int d = 0; d < q.length; d++) {
                dot += (double) vectors[i][d] * q[d];
            }
            all.add(new SearchHit(path, (float) dot));
        }
        all.sort(Comparator.comparingDouble((SearchHit h) -> h.score()).reversed());
        return all.subList(0, k);
    }

    private static Set<String> awaitCommitted(String location, Process child, Path log, int atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("child exited early with " + child.exitValue() + ":\n" + Files.readString(log));
            }
            Set<String> paths = committedPaths(location);
            if (paths.size() >= atLeast) {
                return paths;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no commit of " + atLeast + " rows in time:\n" + Files.readString(log));
    }

    private static Set<String> committedPaths(String location) {
        try (VectorStore store = VectorStores.open(location, "cpu")) {
            return store.files().keySet();
        } catch (io.clip4j.ClipException e) {
            return Set.of(); // not created yet, or a commit was replaced while we opened it: look again
        }
    }
}
