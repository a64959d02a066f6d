package io.clip4j.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.NativeMemory;
import io.clip4j.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Category scores match an independent computation; flags follow thresholds; the most severe action wins. */
class ModeratorTest {
    private static ClipModel clip;
    private PointerScope scope;
    private List<Mat> images;

    @BeforeAll
    static void load() {
        clip = ClipModel.load(Fixtures.TINY_CLIP);
    }

    @AfterAll
    static void close() {
        clip.close();
    }

    @BeforeEach
    void decode() throws IOException {
        scope = new PointerScope();
        ImageDecoder decoder = new ImageDecoder();
        try (Stream<Path> files = Files.list(Fixtures.TINY_CLIP.resolve("images"))) {
            images = files.sorted().map(decoder::decode).toList();
        }
    }

    @AfterEach
    void free() {
        scope.close();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    /** The scores computed here from embeddings, by the rules PolicyCategory documents. */
    private List<double[]> expectedScores(ModerationPolicy policy) {
        List<double[]> out = new ArrayList<>();
        double s = clip.logitScale();
        try (Embeddings e = clip.embedImages(images)) {
            for (int i = 0; i < images.size(); i++) {
                float[] image = e.row(i);
                double[] scores = new double[policy.categories().size()];
                for (int c = 0; c < scores.length; c++) {
                    PolicyCategory category = policy.categories().get(c);
                    double best = -2;
                    try (Embeddings p = clip.embedTexts(category.prompts())) {
                        for (int j = 0; j < p.size(); j++) {
                            best = Math.max(best, cosine(image, p.row(j)));
                        }
                    }
                    if (category.negativePrompts().isEmpty()) {
                        scores[c] = best;
                    } else {
                        double sum = Math.exp(s * best);
                        try (Embeddings n = clip.embedTexts(category.negativePrompts())) {
                            for (int j = 0; j < n.size(); j++) {
                                sum += Math.exp(s * cosine(image, n.row(j)));
                            }
                        }
                        scores[c] = Math.exp(s * best) / sum;
                    }
                }
                out.add(scores);
            }
        }
        return out;
    }

    private static ModerationPolicy policy(double cosineThreshold, double probabilityThreshold) {
        return new ModerationPolicy("test", "", false, List.of(
                new PolicyCategory("animals", List.of("a photo of a cat", "a photo of a dog"), List.of(),
                        cosineThreshold, Action.REVIEW),
                new PolicyCategory("drinks", List.of("a cup of coffee"), List.of("a photo of a street", "a rocket"),
                        probabilityThreshold, Action.BLOCK)));
    }

    @Test
    void scoresMatchTheDocumentedRules() {
        ModerationPolicy policy = policy(0.0, 0.5);
        List<double[]> expected = expectedScores(policy);
        try (Moderator moderator = Moderator.create(clip, policy)) {
            List<ModerationResult> results = moderator.moderate(images);
            assertEquals(images.size(), results.size());
            for (int i = 0; i < results.size(); i++) {
                for (int c = 0; c < 2; c++) {
                    CategoryScore score = results.get(i).scores().get(c);
                    assertEquals(expected.get(i)[c], score.score(), 1e-5, "image " + i + " category " + c);
                    assertEquals(score.score() >= score.threshold(), score.flagged());
                }
            }
        }
    }

    @Test
    void aSingleEmbeddingGetsTheSameVerdict() {
        try (Moderator moderator = Moderator.create(clip, DefaultPolicy.load()); Embeddings e = clip.embedImages(images)) {
            List<ModerationResult> batch = moderator.moderate(e);
            for (int i = 0; i < images.size(); i++) {
                float[] row = e.row(i);
                for (int d = 0; d < row.length; d++) {
                    row[d] *= 3; // any length
                }
                ModerationResult one = moderator.moderate(row);
                assertEquals(batch.get(i).action(), one.action());
                for (int c = 0; c < 5; c++) {
                    assertEquals(batch.get(i).scores().get(c).score(), one.scores().get(c).score(), 1e-4);
                }
            }
            assertThrows(io.clip4j.ClipException.class, () -> moderator.moderate(new float[3]));
            assertThrows(io.clip4j.ClipException.class, () -> moderator.moderate(new float[e.dim()]));
        }
    }

    @Test
    void thresholdsFlagAndTheMostSevereActionWins() {
        ModerationPolicy probe = policy(0.0, 0.5);
        List<double[]> scores = expectedScores(probe);
        double animals0 = scores.get(0)[0];
        double drinks0 = scores.get(0)[1];
        // Thresholds just under image 0's scores: image 0 is flagged for both, so its action is the more severe.
        ModerationPolicy policy = policy(animals0 - 1e-4, Math.max(0, drinks0 - 1e-4));
        try (Moderator moderator = Moderator.create(clip, policy)) {
            List<ModerationResult> results = moderator.moderate(images);
            ModerationResult first = results.get(0);
            assertEquals(List.of("animals", "drinks"), first.flaggedCategories().stream().map(CategoryScore::category).toList());
            assertEquals(Action.BLOCK, first.action());
            for (int i = 0; i < results.size(); i++) {
                ModerationResult r = results.get(i);
                boolean animals = scores.get(i)[0] >= animals0 - 1e-4;
                boolean drinks = scores.get(i)[1] >= Math.max(0, drinks0 - 1e-4);
                Action expected = drinks ? Action.BLOCK : animals ? Action.REVIEW : Action.NONE;
                assertEquals(expected, r.action(), "image " + i);
                assertEquals(expected != Action.NONE, r.isFlagged());
            }
        }
        try (Moderator strict = Moderator.create(clip, policy(1.0, 1.0))) {
            assertTrue(strict.moderate(images).stream().noneMatch(ModerationResult::isFlagged));
        }
        try (Moderator lax = Moderator.create(clip, policy(-1.0, 0.0))) {
            assertTrue(lax.moderate(images).stream().allMatch(r -> r.action() == Action.BLOCK));
        }
    }

    @Test
    void defaultPolicyScoresEveryCategoryAsAProbability() {
        try (Moderator moderator = Moderator.create(clip, DefaultPolicy.load())) {
            for (ModerationResult r : moderator.moderate(images)) {
                assertEquals(5, r.scores().size());
                for (CategoryScore s : r.scores()) {
                    assertTrue(s.score() >= 0 && s.score() <= 1, s.toString());
                }
            }
            assertEquals(List.of(), moderator.moderate(List.of()));
        }
    }

    @Test
    void badPoliciesAreRefusedBeforeEmbedding() {
        ModerationPolicy bad = new ModerationPolicy("bad", "", false, List.of());
        PolicyException e = assertThrows(PolicyException.class, () -> Moderator.create(clip, bad));
        assertEquals("categories", e.field());
        assertThrows(io.clip4j.ClipException.class, () -> Moderator.create(clip, null));
    }

    @Test
    void moderatingManyTimesKeepsNativeMemoryFlat() {
        try (Moderator moderator = Moderator.create(clip, DefaultPolicy.load())) {
            List<Mat> two = images.subList(0, 2);
            NativeMemory.assertFlat("moderate", 20, 200, 16L << 20, () -> assertFalse(moderator.moderate(two).isEmpty()));
        }
    }
}
