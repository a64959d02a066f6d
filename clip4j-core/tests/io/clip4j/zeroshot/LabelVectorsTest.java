package io.clip4j.zeroshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scoring on the heap is the classifier's scoring: same order, probabilities and cosines. */
class LabelVectorsTest {
    @Test
    void heapScoringEqualsTheClassifiers() {
        List<String> labels = List.of("a cat", "a dog", "a cup of coffee", "an astronaut", "a gradient");
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP);
             ZeroShotClassifier classifier = clip.classifier(labels);
             Embeddings images = clip.embedPixels(Fixtures.reference().tensor("pixel_values"))) {
            LabelVectors heap = classifier.onHeap();
            List<Classification> expected = classifier.classify(images, 3);
            for (int i = 0; i < expected.size(); i++) {
                Classification got = heap.classify(images.row(i), 3);
                assertEquals(3, got.top().size());
                for (int j = 0; j < 3; j++) {
                    Prediction e = expected.get(i).top().get(j);
                    Prediction g = got.top().get(j);
                    assertEquals(e.label(), g.label(), "image " + i + " rank " + j);
                    assertEquals(e.index(), g.index());
                    assertEquals(e.probability(), g.probability(), 1e-5);
                    assertEquals(e.cosine(), g.cosine(), 1e-6);
                }
                assertArrayEquals(expected.get(i).cosines(), got.cosines(), 1e-6f);
            }
        }
    }
}
