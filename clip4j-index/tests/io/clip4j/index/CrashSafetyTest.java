package io.clip4j.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build killed with SIGKILL leaves an index that opens and holds every committed document
 * once; the next build completes it without duplicates and without embedding committed files again.
 */
class CrashSafetyTest {
    private static final int IMAGES = 300;
    private static final int KILL_AFTER = 40;

    @TempDir
    Path tmp;

    @Test
    @Timeout(180)
    void killedBuildKeepsItsCommitsAndResumes() throws Exception {
        Path images = tmp.resolve("images");
        List<Path> files = IndexTestSupport.noiseImages(images, IMAGES, 16, 11, "png");
        Path index = tmp.resolve("idx");
        Path log = tmp.resolve("child.log");
        String java = io.clip4j.ChildJvm.javaBinary();
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashBuildChild.class.getName(),
                Fixtures.TINY_CLIP.toAbsolutePath().toString(), index.toString(), images.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process child = builder.start();
        Set<String> committed;
        try {
            committed = awaitCommitted(index, child, log);
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        }
        assertFalse(Files.readString(log).contains("finished"), "the kill must land before the build ends");
        assertTrue(committed.size() >= KILL_AFTER && committed.size() < IMAGES, "committed " + committed.size());

        int survived;
        try (VectorIndex opened = VectorIndex.open(index)) {
            Map<String, IndexedFile> indexed = opened.files();
            survived = opened.size();
            assertEquals(survived, indexed.size(), "no path twice");
            assertTrue(indexed.keySet().containsAll(committed), "every document seen committed survived");
            assertTrue(survived < IMAGES, "the build was cut short: " + survived);
            for (IndexedFile file : indexed.values()) {
                assertEquals(IndexBuilder.sha256(Files.readAllBytes(Path.of(file.path()))), file.sha256(), file.path());
            }
            float[] query = IndexTestSupport.unitVectors(1, opened.metadata().model().dim(), 3)[0];
            assertEquals(5, opened.search(query, 5).size(), "the surviving index searches");
            assertEquals(5, opened.searchExact(query, 5).size());
        } catch (io.clip4j.ClipException e) {
            throw new AssertionError("index after the kill: " + e.getMessage() + "\n" + Files.readString(log), e);
        }

        System.out.printf("SIGKILL after a commit of %d documents; the index held %d; resuming%n", committed.size(), survived);
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP)) {
            BuildReport resumed = new IndexBuilder(clip, BuildOptions.defaults().withBatchSize(16))
                    .build(index, List.of(images), BuildListener.NONE);
            assertEquals(survived, resumed.unchanged(), "committed files are not embedded again");
            assertEquals(IMAGES - survived, resumed.added());
            assertEquals(0, resumed.updated() + resumed.removed() + resumed.failed());
            assertEquals(IMAGES, resumed.documents());
        }
        try (VectorIndex opened = VectorIndex.open(index)) {
            assertEquals(IMAGES, opened.size());
            Set<String> expected = new HashSet<>();
            files.forEach(f -> expected.add(f.toString()));
            assertEquals(expected, opened.files().keySet());
        }
    }

    /** Waits until a commit with at least {@link #KILL_AFTER} documents is on disk; returns its paths. */
    private static Set<String> awaitCommitted(Path index, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("child exited early with " + child.exitValue() + ":\n" + Files.readString(log));
            }
            Set<String> paths = committedPaths(index);
            if (paths.size() >= KILL_AFTER) {
                return paths;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no commit of " + KILL_AFTER + " documents in time:\n" + Files.readString(log));
    }

    private static Set<String> committedPaths(Path index) {
        if (!Files.isDirectory(index)) {
            return Set.of();
        }
        try (FSDirectory dir = FSDirectory.open(index)) {
            if (!DirectoryReader.indexExists(dir)) {
                return Set.of();
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                return IndexSchema.files(reader).keySet();
            }
        } catch (IOException e) {
            return Set.of(); // a commit was replaced while we opened it: look again
        }
    }
}
