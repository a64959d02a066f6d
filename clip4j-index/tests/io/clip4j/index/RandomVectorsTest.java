package io.clip4j.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index without a model: exact search against brute force, HNSW recall, deletes, refresh, similarities. */
class RandomVectorsTest {
    private static final int N = 3000;
    private static final int DIM = 16;

    @TempDir
    Path tmp;

    private static Path write(Path dir, float[][] vectors, Similarity similarity) {
        try (VectorIndexWriter w = VectorIndexWriter.open(dir, IndexTestSupport.randomModel(DIM), similarity,
                IndexSettings.defaults())) {
            for (int i = 0; i < vectors.length; i++) {
                w.add(new IndexedFile("v" + i, "", 0, 0), vectors[i]);
            }
            w.commit();
        }
        return dir;
    }

    private static List<SearchHit> bruteForce(float[][] data, float[] query, int k, Set<Integer> skip) {
        List<SearchHit> all = new ArrayList<>();
        for (int i = 0; i < data.length; i++) {
            if (!skip.contains(i)) {
                float dot = 0;
                for (int d = 0; d < DIM; d++) {
                    dot += data[i][d] * query[d];
                }
                all.add(new SearchHit("v" + i, dot));
            }
        }
        all.sort((a, b) -> Float.compare(b.score(), a.score()));
        return all.subList(0, k);
    }

    @Test
    void exactMatchesBruteForceAndHnswRecallIsHigh() {
        float[][] data = IndexTestSupport.unitVectors(N, DIM, 1);
        float[][] queries = IndexTestSupport.unitVectors(50, DIM, 2);
        try (VectorIndex index = VectorIndex.open(write(tmp.resolve("idx"), data, Similarity.DOT_PRODUCT))) {
            List<List<SearchHit>> exact = index.searchExact(queries, 10);
            double recall = 0;
            for (int q = 0; q < queries.length; q++) {
                List<SearchHit> expected = bruteForce(data, queries[q], 10, Set.of());
                for (int i = 0; i < 10; i++) {
                    assertEquals(expected.get(i).path(), exact.get(q).get(i).path(), "query " + q + " rank " + i);
                    assertEquals(expected.get(i).score(), exact.get(q).get(i).score(), 1e-5);
                }
                Set<String> truth = new HashSet<>();
                expected.forEach(h -> truth.add(h.path()));
                recall += index.search(queries[q], 10).stream().filter(h -> truth.contains(h.path())).count() / 10.0;
            }
            recall /= queries.length;
            assertTrue(recall >= 0.95, "HNSW recall@10 in 16 dimensions: " + recall);
        }
    }

    @Test
    void deletesDisappearAfterRefresh() {
        float[][] data = IndexTestSupport.unitVectors(200, DIM, 3);
        Path dir = write(tmp.resolve("idx"), data, Similarity.DOT_PRODUCT);
        try (VectorIndex index = VectorIndex.open(dir)) {
            assertEquals("v7", index.searchExact(data[7], 1).get(0).path(), "loads the exact matrix");
            try (VectorIndexWriter w = VectorIndexWriter.open(dir, IndexTestSupport.randomModel(DIM), null,
                    IndexSettings.defaults())) {
                w.delete("v7");
                w.put(new IndexedFile("v8", "", 0, 0), data[9]); // v8 now holds v9's vector
                w.commit();
            }
            assertEquals(200, index.size(), "still the old commit");
            assertTrue(index.refresh());
            assertEquals(199, index.size());
            assertFalse(index.refresh(), "nothing new");
            for (List<SearchHit> hits : List.of(index.search(data[7], 5), index.searchExact(data[7], 5))) {
                assertTrue(hits.stream().noneMatch(h -> h.path().equals("v7")), hits.toString());
            }
            List<SearchHit> twins = index.searchExact(data[9], 2);
            assertEquals(Set.of("v8", "v9"), Set.of(twins.get(0).path(), twins.get(1).path()));
            assertEquals(1.0, twins.get(1).score(), 1e-5);
        }
    }

    @Test
    void cosineIndexScoresLikeDotProductAndScalesInputs() {
        float[][] data = IndexTestSupport.unitVectors(100, DIM, 4);
        float[][] scaled = new float[data.length][];
        for (int i = 0; i < data.length; i++) {
            scaled[i] = data[i].clone();
            for (int d = 0; d < DIM; d++) {
                scaled[i][d] *= 3 + i;
            }
        }
        try (VectorIndex dot = VectorIndex.open(write(tmp.resolve("dot"), scaled, Similarity.DOT_PRODUCT));
             VectorIndex cosine = VectorIndex.open(write(tmp.resolve("cos"), data, Similarity.COSINE))) {
            assertEquals(Similarity.COSINE, cosine.metadata().similarity());
            float[] query = IndexTestSupport.unitVectors(1, DIM, 5)[0];
            List<SearchHit> a = dot.search(query, 5);
            List<SearchHit> b = cosine.search(query, 5);
            List<SearchHit> expected = bruteForce(data, query, 5, Set.of());
            for (int i = 0; i < 5; i++) {
                assertEquals(expected.get(i).path(), a.get(i).path());
                assertEquals(expected.get(i).path(), b.get(i).path());
                assertEquals(expected.get(i).score(), a.get(i).score(), 1e-5);
                assertEquals(expected.get(i).score(), b.get(i).score(), 1e-5);
            }
        }
    }

    @Test
    void emptyIndexReturnsNothing() {
        try (VectorIndex index = VectorIndex.open(write(tmp.resolve("empty"), new float[0][], Similarity.DOT_PRODUCT))) {
            float[] query = IndexTestSupport.unitVectors(1, DIM, 6)[0];
            assertEquals(0, index.size());
            assertEquals(List.of(), index.search(query, 3));
            assertEquals(List.of(), index.searchExact(query, 3));
        }
    }
}
