package io.clip4j.zeroshot;

import java.util.List;

/**
 * The zero-shot result for one image.
 *
 * @param top the {@code topK} most probable labels, most probable first (ties: lower label index first)
 * @param cosines the cosine similarity to every label, indexed like {@link ZeroShotClassifier#labels()}
 */
public record Classification(List<Prediction> top, float[] cosines) {
    /** Copies {@code top} into an unmodifiable list. */
    public Classification {
        top = List.copyOf(top);
    }

    /**
     * The most probable label's prediction.
     *
     * @return {@code top().get(0)}
     */
    public Prediction best() {
        return top.get(0);
    }
}
