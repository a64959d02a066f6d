package io.clip4j.zeroshot;

import static io.clip4j.Fixtures.reference;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.ClipOptions;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Class vectors, reference parity, ranking, multi-label thresholds and refusals, on the tiny fixture model. */
class ZeroShotClassifierTest {
    private static ClipModel clip;

    @BeforeAll
    static void load() {
        clip = ClipModel.load(Fixtures.TINY_CLIP);
    }

    @AfterAll
    static void close() {
        clip.close();
    }

    static List<String> referenceTexts() {
        List<String> texts = new ArrayList<>();
        Fixtures.referenceJson().get("texts").forEach(t -> texts.add(t.asText()));
        return texts;
    }

    static List<Mat> fixtureImages() {
        List<Mat> images = new ArrayList<>();
        Fixtures.referenceJson().get("images").forEach(n ->
                images.add(imread(Fixtures.TINY_CLIP.resolve("images").resolve(n.asText()).toString(), IMREAD_COLOR)));
        return images;
    }

    /** The CLIP prompt ensemble computed independently: embed each label's prompts, average in Java, normalise. */
    private static float[] expectedClassVector(ClipModel model, String name, PromptTemplates templates) {
        try (Embeddings prompts = model.embedTexts(templates.prompts(name))) {
            double[] sum = new double[prompts.dim()];
            for (float[] row : prompts.toArray()) {
                for (int d = 0; d < row.length; d++) {
                    sum[d] += row[d] / prompts.size();
                }
            }
            double norm = Math.sqrt(Arrays.stream(sum).map(v -> v * v).sum());
            float[] unit = new float[sum.length];
            for (int d = 0; d < sum.length; d++) {
                unit[d] = (float) (sum[d] / norm);
            }
            return unit;
        }
    }

    @Test
    void classVectorsAreTheNormalisedMeanOfNormalisedPromptEmbeddings() {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            labels.add("thing number " + i);
        }
        PromptTemplates templates = PromptTemplates.defaults();
        // 64 × 4 / 8 = 32 classes per chunk: two chunks of 32 and 8 classes.
        assertEquals(32, ZeroShotClassifier.classesPerChunk(clip.options().maxBatch(), templates.size()));
        float[][] expected = labels.stream().map(l -> expectedClassVector(clip, l, templates)).toArray(float[][]::new);
        try (ZeroShotClassifier classifier = ZeroShotClassifier.create(clip, labels, templates)) {
            assertEquals(labels, classifier.labels());
            assertEquals(clip.config().projectionDim(), classifier.dim());
            assertEquals(List.of(40L, (long) classifier.dim()), List.of(classifier.classVectorTensor().size(0),
                    classifier.classVectorTensor().size(1)));
            Fixtures.assertClose(Fixtures.flatten(expected), Fixtures.flatten(classifier.classVectors()), 1e-5,
                    "class vectors");
        }
        // One class per chunk, and each chunk's 8 prompts split into model batches of 3.
        try (ClipModel small = ClipModel.load(Fixtures.TINY_CLIP, ClipOptions.defaults().withMaxBatch(3));
             ZeroShotClassifier classifier = ZeroShotClassifier.create(small, labels.subList(0, 5), templates)) {
            assertEquals(1, ZeroShotClassifier.classesPerChunk(3, templates.size()));
            Fixtures.assertClose(Fixtures.flatten(Arrays.copyOf(expected, 5)), Fixtures.flatten(classifier.classVectors()),
                    1e-5, "class vectors in one-class chunks");
        }
    }

    @Test
    void promptNamesFillTheTemplatesWhileLabelsNameTheResults() {
        PromptTemplates templates = PromptTemplates.of(List.of("a photo of a {}.", "a drawing of a {}."));
        try (ZeroShotClassifier classifier = ZeroShotClassifier.create(clip, List.of("crane (bird)", "crane (machine)"),
                List.of("crane", "crane"), templates)) {
            float[] expected = expectedClassVector(clip, "crane", templates);
            float[][] vectors = classifier.classVectors();
            Fixtures.assertClose(expected, vectors[0], 1e-5, "first crane");
            Fixtures.assertClose(expected, vectors[1], 1e-5, "second crane");
            assertEquals(List.of("crane", "crane"), classifier.promptNames());
        }
    }

    @Test
    void logitsAndProbabilitiesMatchTheReference() {
        List<String> texts = referenceTexts();
        assertEquals(12, texts.size());
        // The twelfth reference text is "", which a classifier refuses as a label: compare the other eleven.
        assertEquals("", texts.get(11));
        ClipException blank = assertThrows(ClipException.class,
                () -> ZeroShotClassifier.create(clip, texts, PromptTemplates.none()));
        assertEquals("label 11 is blank", blank.getMessage());
        List<String> labels = texts.subList(0, 11);
        int n = labels.size();
        float[] logits = reference().floats("logits_per_image"); // [7, 12]
        try (PointerScope scope = new PointerScope();
             ZeroShotClassifier classifier = ZeroShotClassifier.create(clip, labels, PromptTemplates.none());
             Embeddings images = clip.embedPixels(reference().tensor("pixel_values"))) {
            List<Classification> results = classifier.classify(images, n);
            assertEquals(7, results.size());
            for (int i = 0; i < 7; i++) {
                Classification result = results.get(i);
                float[] expectedLogits = Arrays.copyOfRange(logits, i * 12, i * 12 + n);
                float[] actualLogits = new float[n];
                for (int j = 0; j < n; j++) {
                    actualLogits[j] = result.cosines()[j] * classifier.logitScale();
                }
                Fixtures.assertClose(expectedLogits, actualLogits, 1e-3, "logits of image " + i);

                double max = Double.NEGATIVE_INFINITY;
                for (float l : expectedLogits) {
                    max = Math.max(max, l);
                }
                double sum = 0;
                for (float l : expectedLogits) {
                    sum += Math.exp(l - max);
                }
                float[] expectedProbabilities = new float[n];
                for (int j = 0; j < n; j++) {
                    expectedProbabilities[j] = (float) (Math.exp(expectedLogits[j] - max) / sum);
                }
                float[] actualProbabilities = new float[n];
                assertEquals(n, result.top().size());
                for (Prediction p : result.top()) {
                    assertEquals(labels.get(p.index()), p.label());
                    assertEquals(result.cosines()[p.index()], p.cosine(), 0.0);
                    actualProbabilities[p.index()] = (float) p.probability();
                }
                Fixtures.assertClose(expectedProbabilities, actualProbabilities, 1e-4, "probabilities of image " + i);
            }
        }
    }

    @Test
    void topKIsSortedAndClamped() {
        List<String> labels = List.of("cat", "dog", "car", "tree", "boat");
        try (PointerScope scope = new PointerScope();
             ZeroShotClassifier classifier = ZeroShotClassifier.create(clip, labels, PromptTemplates.defaults());
             Embeddings images = clip.embedPixels(reference().tensor("pixel_values"))) {
            assertEquals(1, classifier.classify(images, 0).get(0).top().size());
            assertEquals(1, classifier.classify(images, -3).get(0).top().size());
            assertEquals(3, classifier.classify(images, 3).get(0).top().size());
            List<Classification> all = classifier.classify(images, 1000);
            for (Classification c : all) {
                assertEquals(5, c.top().size());
                assertEquals(5, c.cosines().length);
                double total = 0;
                for (int r = 0; r < 5; r++) {
                    Prediction p = c.top().get(r);
                    total += p.probability();
                    if (r > 0) {
                        assertTrue(c.top().get(r - 1).probability() >= p.probability(), "descending probability");
                        assertTrue(c.top().get(r - 1).cosine() >= p.cosine(), "descending cosine");
                    }
                }
                assertEquals(1.0, total, 1e-5);
                int argmax = 0;
                for (int j = 1; j < 5; j++) {
                    argmax = c.cosines()[j] > c.cosines()[argmax] ? j : argmax;
                }
                assertEquals(argmax, c.best().index());
            }
            List<Classification> top2 = classifier.classify(images, 2);
            for (int i = 0; i < 7; i++) {
                assertEquals(all.get(i).top().subList(0, 2), top2.get(i).top());
            }
        }
    }

    @Test
    void topIndicesBreakTiesByIndex() {
        float[] scores = {1, 3, 3, 2, -1};
        assertArrayEquals(new int[] {1}, ZeroShotClassifier.topIndices(scores, 1));
        assertArrayEquals(new int[] {1, 2, 3}, ZeroShotClassifier.topIndices(scores, 3));
        assertArrayEquals(new int[] {1, 2, 3, 0, 4}, ZeroShotClassifier.topIndices(scores, 5));
        float[] many = new float[100];
        for (int i = 0; i < many.length; i++) {
            many[i] = (i * 37) % 11; // repeats, so ties everywhere
        }
        int[] sorted = ZeroShotClassifier.topIndices(many, 100);
        int[] partial = ZeroShotClassifier.topIndices(many, 20);
        assertArrayEquals(Arrays.copyOf(sorted, 20), partial, "insertion path agrees with the sort path");
        for (int r = 1; r < 100; r++) {
            int a = sorted[r - 1];
            int b = sorted[r];
            assertTrue(many[a] > many[b] || (many[a] == many[b] && a < b));
        }
    }

    @Test
    void multiLabelKeepsEveryLabelAtOrAboveItsThreshold() {
        List<String> labels = List.of("nudity", "violence", "weapon", "drugs");
        try (PointerScope scope = new PointerScope();
             ZeroShotClassifier classifier = ZeroShotClassifier.create(clip, labels, PromptTemplates.defaults());
             Embeddings images = clip.embedPixels(reference().tensor("pixel_values"))) {
            List<Classification> scores = classifier.classify(images, 1);
            float[] first = scores.get(0).cosines();
            Map<String, Double> thresholds = new HashMap<>();
            thresholds.put("nudity", (double) first[0]);                    // exactly reached: kept
            thresholds.put("violence", Math.nextUp((double) first[1]));     // just missed: dropped
            double[] all = scores.stream().flatMap(c -> {
                List<Double> v = new ArrayList<>();
                for (float f : c.cosines()) {
                    v.add((double) f);
                }
                return v.stream();
            }).mapToDouble(Double::doubleValue).sorted().toArray();
            double defaultThreshold = all[all.length / 2];
            List<List<LabelMatch>> matches = classifier.classifyMultiLabel(images, thresholds, defaultThreshold);
            assertEquals(7, matches.size());
            double[] limits = {first[0], Math.nextUp((double) first[1]), defaultThreshold, defaultThreshold};
            for (int i = 0; i < 7; i++) {
                float[] c = scores.get(i).cosines();
                List<Integer> expected = new ArrayList<>();
                for (int j = 0; j < 4; j++) {
                    if (c[j] >= limits[j]) {
                        expected.add(j);
                    }
                }
                expected.sort((a, b) -> c[a] != c[b] ? Float.compare(c[b], c[a]) : Integer.compare(a, b));
                List<LabelMatch> got = matches.get(i);
                assertEquals(expected, got.stream().map(LabelMatch::index).toList(), "image " + i);
                for (LabelMatch m : got) {
                    assertEquals(labels.get(m.index()), m.label());
                    assertEquals(c[m.index()], m.cosine(), 0.0);
                    assertEquals(limits[m.index()], m.threshold(), 0.0);
                }
            }
            assertTrue(matches.get(0).stream().anyMatch(m -> m.label().equals("nudity")));
            assertFalse(matches.get(0).stream().anyMatch(m -> m.label().equals("violence")));
            assertTrue(classifier.classifyMultiLabel(images, Map.of(), 1.01).stream().allMatch(List::isEmpty));
            assertTrue(classifier.classifyMultiLabel(images, Map.of(), -1.01).stream().allMatch(m -> m.size() == 4));

            ClipException unknown = assertThrows(ClipException.class,
                    () -> classifier.classifyMultiLabel(images, Map.of("gore", 0.2, "weapon", 0.3, "blood", 0.1), 0.3));
            assertTrue(unknown.getMessage().contains("[blood, gore]"), unknown.getMessage());
            assertThrows(ClipException.class, () -> classifier.classifyMultiLabel(images, Map.of("weapon", Double.NaN), 0.3));
            assertThrows(ClipException.class, () -> classifier.classifyMultiLabel(images, null, 0.3));
            assertThrows(ClipException.class, () -> classifier.classifyMultiLabel(images, Map.of(), Double.NaN));
        }
    }

    @Test
    void badLabelsAreRefusedBeforeAnyWork() {
        PromptTemplates t = PromptTemplates.defaults();
        assertEquals("labels must not be empty",
                assertThrows(ClipException.class, () -> ZeroShotClassifier.create(clip, List.of(), t)).getMessage());
        assertThrows(ClipException.class, () -> ZeroShotClassifier.create(clip, null, t));
        assertEquals("label 1 is null", assertThrows(ClipException.class,
                () -> ZeroShotClassifier.create(clip, Arrays.asList("cat", null), t)).getMessage());
        assertEquals("label 0 is blank", assertThrows(ClipException.class,
                () -> ZeroShotClassifier.create(clip, List.of(" \t", "cat"), t)).getMessage());
        String duplicate = assertThrows(ClipException.class,
                () -> ZeroShotClassifier.create(clip, List.of("cat", "dog", "cat"), t)).getMessage();
        assertTrue(duplicate.startsWith("label 'cat' appears twice (at 0 and 2)"), duplicate);
        assertThrows(ClipException.class, () -> ZeroShotClassifier.create(clip, List.of("a", "b"), List.of("a"), t));
        assertThrows(ClipException.class, () -> ZeroShotClassifier.create(clip, List.of("a", "b"), List.of("a", " "), t));
        assertThrows(ClipException.class, () -> ZeroShotClassifier.create(clip, List.of("a"), null));
        assertThrows(ClipException.class, () -> ZeroShotClassifier.create(null, List.of("a"), t));
    }

    @Test
    void closedClassifiersRefuseWork() {
        ZeroShotClassifier classifier = ZeroShotClassifier.create(clip, List.of("cat", "dog"), PromptTemplates.none());
        try (PointerScope scope = new PointerScope(); Embeddings images = clip.embedPixels(reference().tensor("pixel_values"))) {
            assertEquals(7, classifier.classify(images, 1).size());
            classifier.close();
            classifier.close(); // idempotent
            assertTrue(classifier.isClosed());
            assertThrows(IllegalStateException.class, () -> classifier.classify(images, 1));
            assertThrows(IllegalStateException.class, classifier::classVectors);
            assertThrows(IllegalStateException.class, () -> classifier.classifyMultiLabel(images, Map.of(), 0.2));
        }
    }

    @Test
    void framesGiveTheSameResultsAsTheirEmbeddings() {
        List<String> labels = List.of("an astronaut", "a cat", "a cup of coffee", "noise", "a gradient");
        try (PointerScope scope = new PointerScope();
             ZeroShotClassifier classifier = ZeroShotClassifier.create(clip, labels, PromptTemplates.defaults());
             ClipModel chunked = ClipModel.load(Fixtures.TINY_CLIP, ClipOptions.defaults().withMaxBatch(3));
             ZeroShotClassifier chunkedClassifier = ZeroShotClassifier.create(chunked, labels, PromptTemplates.defaults())) {
            List<Mat> frames = fixtureImages();
            List<Classification> direct;
            try (Embeddings embedded = clip.embedImages(frames)) {
                direct = classifier.classify(embedded, 2);
            }
            List<Classification> viaFrames = classifier.classifyImages(frames, 2);
            List<Classification> viaChunks = chunkedClassifier.classifyImages(frames, 2); // batches of 3, 3, 1
            assertEquals(7, viaFrames.size());
            assertEquals(7, viaChunks.size());
            for (int i = 0; i < 7; i++) {
                Fixtures.assertClose(direct.get(i).cosines(), viaFrames.get(i).cosines(), 1e-6, "image " + i);
                Fixtures.assertClose(direct.get(i).cosines(), viaChunks.get(i).cosines(), 1e-4, "chunked image " + i);
                assertEquals(direct.get(i).top().stream().map(Prediction::label).toList(),
                        viaFrames.get(i).top().stream().map(Prediction::label).toList());
            }
            assertTrue(classifier.classifyImages(List.of(), 3).isEmpty());
            assertThrows(ClipException.class, () -> classifier.classifyImages(null, 3));
        }
    }
}
