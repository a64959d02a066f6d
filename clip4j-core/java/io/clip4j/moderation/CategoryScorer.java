package io.clip4j.moderation;

/**
 * The arithmetic of a category's score (see {@link PolicyCategory}) from the cosines of one
 * image with every prompt of the policy.
 */
final class CategoryScorer {
    private final int positiveFrom;
    private final int positiveTo;
    private final int negativeFrom;
    private final int negativeTo;

    /**
     * A scorer over the prompt positions {@code [positiveFrom, positiveTo)} and
     * {@code [negativeFrom, negativeTo)} of the cosine rows.
     */
    CategoryScorer(int positiveFrom, int positiveTo, int negativeFrom, int negativeTo) {
        this.positiveFrom = positiveFrom;
        this.positiveTo = positiveTo;
        this.negativeFrom = negativeFrom;
        this.negativeTo = negativeTo;
    }

    /**
     * The category's score.
     *
     * @param cosines the image's cosine with every prompt of the policy
     * @param logitScale the model's logit scale
     * @return the largest positive cosine, or with negative prompts its softmax probability
     *     against them
     */
    double score(float[] cosines, double logitScale) {
        double best = Double.NEGATIVE_INFINITY;
        for (int i = positiveFrom; i < positiveTo; i++) {
            best = Math.max(best, cosines[i]);
        }
        if (negativeFrom == negativeTo) {
            return best;
        }
        double top = best * logitScale;
        for (int i = negativeFrom; i < negativeTo; i++) {
            top = Math.max(top, cosines[i] * logitScale);
        }
        double positive = Math.exp(best * logitScale - top);
        double sum = positive;
        for (int i = negativeFrom; i < negativeTo; i++) {
            sum += Math.exp(cosines[i] * logitScale - top);
        }
        return positive / sum;
    }
}
