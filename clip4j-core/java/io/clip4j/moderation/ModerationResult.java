package io.clip4j.moderation;

import java.util.List;

/**
 * The verdict of a policy on one image.
 *
 * @param scores every category's score, in policy order
 * @param action the most severe action of the flagged categories, {@link Action#NONE} when none is
 */
public record ModerationResult(List<CategoryScore> scores, Action action) {
    /** Copies the list. */
    public ModerationResult {
        scores = List.copyOf(scores);
    }

    /**
     * The categories that flagged the image, in policy order.
     *
     * @return the flagged scores (empty when the image passed)
     */
    public List<CategoryScore> flaggedCategories() {
        return scores.stream().filter(CategoryScore::flagged).toList();
    }

    /**
     * Whether any category flagged the image.
     *
     * @return true when {@link #action()} is not {@link Action#NONE}
     */
    public boolean isFlagged() {
        return action != Action.NONE;
    }
}
