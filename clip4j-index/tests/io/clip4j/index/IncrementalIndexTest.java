package io.clip4j.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Fixtures;
import io.clip4j.image.ImageDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-running a build adds new files, re-embeds changed ones, removes gone ones and skips the rest. */
class IncrementalIndexTest {
    private static ClipModel clip;
    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        clip = ClipModel.load(Fixtures.TINY_CLIP);
    }

    @AfterAll
    static void close() {
        clip.close();
    }

    private static BuildReport build(Path index, BuildOptions options, Path... inputs) {
        return new IndexBuilder(clip, options).build(index, List.of(inputs), BuildListener.NONE);
    }

    private static BuildReport build(Path index, Path... inputs) {
        return build(index, BuildOptions.defaults().withBatchSize(2), inputs);
    }

    private static Map<String, IndexedFile> files(Path index) {
        try (VectorIndex opened = VectorIndex.open(index)) {
            assertEquals(opened.size(), opened.files().size(), "one document per path");
            return opened.files();
        }
    }

    @Test
    void addsUpdatesRemovesAndSkips() throws Exception {
        Path images = tmp.resolve("images");
        List<Path> copies = IndexTestSupport.copyImages(images, "astronaut.png", "chelsea.png", "coffee.png",
                "gray_ramp.png", "tiny_random.png");
        Path index = tmp.resolve("idx");
        BuildReport first = build(index, images);
        assertEquals(new BuildReport(5, 0, 0, 0, 0, 5, first.seconds()), first);
        BuildReport again = build(index, images);
        assertEquals(new BuildReport(0, 0, 5, 0, 0, 5, again.seconds()), again);

        Path coffee = images.resolve("coffee.png");
        Files.copy(IndexTestSupport.IMAGES.resolve("tall_gradient.png"), coffee, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(images.resolve("gray_ramp.png"));
        IndexTestSupport.copyImages(images, "rgba_noise.png");
        BuildReport third = build(index, images);
        assertEquals(new BuildReport(1, 1, 3, 1, 0, 5, third.seconds()), third);

        Map<String, IndexedFile> files = files(index);
        assertFalse(files.containsKey(copies.get(3).toString()), "gray_ramp.png is gone");
        assertTrue(files.containsKey(images.resolve("rgba_noise.png").toAbsolutePath().normalize().toString()));
        IndexedFile updated = files.get(coffee.toAbsolutePath().normalize().toString());
        assertEquals(IndexBuilder.sha256(Files.readAllBytes(coffee)), updated.sha256());
        assertEquals(Files.size(coffee), updated.size());

        try (VectorIndex opened = VectorIndex.open(index); PointerScope scope = new PointerScope()) {
            Mat gradient = new ImageDecoder().decode(IndexTestSupport.IMAGES.resolve("tall_gradient.png"));
            SearchHit best = new ImageSearch(clip, opened).byImage(gradient, SearchOptions.top(1).exactly()).get(0);
            assertEquals(coffee.toAbsolutePath().normalize().toString(), best.path(), "the re-embedded content");
            assertEquals(1.0, best.score(), 1e-5);
        }
    }

    @Test
    void touchedFileKeepsItsVectorAndRecordsTheNewTime() throws Exception {
        Path images = tmp.resolve("images");
        List<Path> copies = IndexTestSupport.copyImages(images, "chelsea.png", "coffee.png");
        Path index = tmp.resolve("idx");
        build(index, images);
        FileTime later = FileTime.fromMillis(Files.getLastModifiedTime(copies.get(0)).toMillis() + 3_600_000);
        Files.setLastModifiedTime(copies.get(0), later);
        BuildReport touched = build(index, images);
        assertEquals(0, touched.updated() + touched.added(), "same bytes are not embedded again");
        assertEquals(2, touched.unchanged());
        assertEquals(later.toMillis(), files(index).get(copies.get(0).toString()).modifiedMillis());
    }

    @Test
    void sameSizeAndTimeIsTrustedUnlessRehashing() throws Exception {
        Path images = tmp.resolve("images");
        List<Path> bmps = IndexTestSupport.noiseImages(images, 2, 20, 7, "bmp"); // BMP: same size for same dimensions
        Path index = tmp.resolve("idx");
        build(index, images);
        FileTime time = Files.getLastModifiedTime(bmps.get(0));
        Files.copy(bmps.get(1), bmps.get(0), StandardCopyOption.REPLACE_EXISTING); // same size: BMP
        Files.setLastModifiedTime(bmps.get(0), time);
        assertEquals(0, build(index, images).updated(), "size and time match: not read");
        BuildReport rehashed = build(index, BuildOptions.defaults().withRehash(true), images);
        assertEquals(1, rehashed.updated());
        assertEquals(1, rehashed.unchanged());
        assertEquals(IndexBuilder.sha256(Files.readAllBytes(bmps.get(1))), files(index).get(bmps.get(0).toString()).sha256());
    }

    @Test
    void fileThatTurnsCorruptIsReportedAndRemoved() throws Exception {
        Path images = tmp.resolve("images");
        List<Path> copies = IndexTestSupport.copyImages(images, "chelsea.png", "coffee.png", "gray_ramp.png");
        Path index = tmp.resolve("idx");
        build(index, images);
        Files.writeString(copies.get(1), "this is not a PNG any more");
        List<String> failures = new ArrayList<>();
        BuildReport report = new IndexBuilder(clip, BuildOptions.defaults()).build(index, List.of(images),
                new BuildListener() {
                    @Override
                    public void failed(String path, String error) {
                        failures.add(path + " | " + error);
                    }
                });
        assertEquals(1, report.failed());
        assertEquals(1, report.removed());
        assertEquals(2, report.documents());
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).startsWith(copies.get(1) + " | " + copies.get(1)), failures.get(0));
        assertFalse(files(index).containsKey(copies.get(1).toString()));
    }

    @Test
    void onlyFilesUnderTheInputsAreRemoved() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        IndexTestSupport.copyImages(a, "chelsea.png", "coffee.png");
        List<Path> inB = IndexTestSupport.copyImages(b, "astronaut.png");
        Path index = tmp.resolve("idx");
        assertEquals(3, build(index, a, b).documents());
        Files.delete(inB.get(0));
        BuildReport onlyA = build(index, a);
        assertEquals(0, onlyA.removed(), "b is not an input: its document stays");
        assertEquals(3, onlyA.documents());
        BuildReport withB = build(index, b);
        assertEquals(1, withB.removed());
        assertEquals(2, withB.documents());
    }

    @Test
    void missingNamedFileIsAFailure() {
        Path index = tmp.resolve("idx");
        BuildReport report = build(index, tmp.resolve("nothere.png"));
        assertEquals(1, report.failed());
        assertEquals(0, report.documents());
    }
}
