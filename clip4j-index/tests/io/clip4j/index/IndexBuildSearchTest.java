package io.clip4j.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.image.ImageDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Build over the fixture images, then image→image and text→image queries, HNSW and exact. */
class IndexBuildSearchTest {
    @TempDir
    static Path tmp;
    private static ClipModel clip;
    private static Path indexDir;
    private static VectorIndex index;
    private static ImageSearch search;

    @BeforeAll
    static void build() {
        clip = ClipModel.load(Fixtures.TINY_CLIP);
        indexDir = tmp.resolve("fixtures.idx");
        BuildReport report = new IndexBuilder(clip, BuildOptions.defaults().withBatchSize(3))
                .build(indexDir, List.of(IndexTestSupport.IMAGES), BuildListener.NONE);
        assertEquals(8, report.added(), report.toString());
        assertEquals(8, report.documents());
        assertEquals(0, report.failed());
        index = VectorIndex.open(indexDir, clip.options().device());
        search = new ImageSearch(clip, index);
    }

    @AfterAll
    static void close() {
        index.close();
        clip.close();
    }

    @Test
    void everyImageFindsItselfFirst() {
        ImageDecoder decoder = new ImageDecoder();
        for (Path image : IndexTestSupport.fixtureImages()) {
            try (PointerScope scope = new PointerScope()) {
                Mat bgr = decoder.decode(image);
                for (SearchOptions options : List.of(SearchOptions.top(3), SearchOptions.top(3).exactly())) {
                    List<SearchHit> hits = search.byImage(bgr, options);
                    assertEquals(3, hits.size());
                    assertEquals(image.toString(), hits.get(0).path(), options + " for " + image);
                    assertEquals(1.0, hits.get(0).score(), 1e-5, "self-similarity of " + image);
                    assertTrue(hits.get(0).score() >= hits.get(1).score());
                }
            }
        }
    }

    @Test
    void textQueryRanksLikeTheEmbeddingsDo() {
        String text = "a photo of a cat";
        List<Path> images = IndexTestSupport.fixtureImages();
        List<SearchHit> expected = new ArrayList<>();
        try (PointerScope scope = new PointerScope()) {
            ImageDecoder decoder = new ImageDecoder();
            List<Mat> mats = images.stream().map(decoder::decode).toList();
            try (Embeddings t = clip.embedTexts(List.of(text)); Embeddings e = clip.embedImages(mats)) {
                float[] q = t.row(0);
                for (int i = 0; i < images.size(); i++) {
                    float[] v = e.row(i);
                    float dot = 0;
                    for (int d = 0; d < q.length; d++) {
                        dot += q[d] * v[d];
                    }
                    expected.add(new SearchHit(images.get(i).toString(), dot));
                }
            }
        }
        expected.sort(Comparator.comparingDouble(SearchHit::score).reversed());
        List<SearchHit> exact = search.byText(text, SearchOptions.top(8).exactly());
        List<SearchHit> hnsw = search.byText(text, SearchOptions.top(8));
        assertEquals(8, exact.size());
        for (int i = 0; i < 8; i++) {
            assertEquals(expected.get(i).path(), exact.get(i).path(), "exact rank " + i);
            assertEquals(expected.get(i).score(), exact.get(i).score(), 1e-5, "exact score " + i);
            assertEquals(expected.get(i).path(), hnsw.get(i).path(), "HNSW rank " + i);
            assertEquals(expected.get(i).score(), hnsw.get(i).score(), 1e-5, "HNSW score " + i);
        }
    }

    @Test
    void kLargerThanTheIndexReturnsEverything() {
        assertEquals(8, search.byText("coffee", SearchOptions.top(50)).size());
        assertEquals(8, search.byText("coffee", SearchOptions.top(50).exactly()).size());
    }

    @Test
    void indexRecordsTheModel() {
        IndexMetadata metadata = index.metadata();
        assertEquals("tiny-clip", metadata.model().name());
        assertEquals(clip.config().projectionDim(), metadata.model().dim());
        assertEquals(Similarity.DOT_PRODUCT, metadata.similarity());
        assertEquals(ModelIdentity.of(clip), metadata.model());
        assertEquals(8, index.size());
        assertEquals(64, index.files().values().iterator().next().sha256().length());
    }

    @Test
    void badRequestsAreRefused() {
        assertThrows(io.clip4j.ClipException.class, () -> index.search(new float[3], 1));
        assertThrows(io.clip4j.ClipException.class, () -> index.search(new float[clip.config().projectionDim()], 1));
        assertThrows(io.clip4j.ClipException.class, () -> search.byText(" ", SearchOptions.top(1)));
        assertThrows(io.clip4j.ClipException.class, () -> SearchOptions.top(0));
    }
}
