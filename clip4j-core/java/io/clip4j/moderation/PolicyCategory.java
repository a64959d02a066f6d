package io.clip4j.moderation;

import java.util.List;

/**
 * One category of a moderation policy.
 *
 * <p>How its score is computed, with {@code cos(p)} the cosine similarity of the image and
 * prompt {@code p} and {@code s} the model's logit scale (about 100 for real CLIP weights):
 * <ul>
 *   <li>the category's cosine is the largest {@code cos(p)} over its {@link #prompts()}: each
 *       prompt describes one kind of content the category covers ("a gun", "a knife");</li>
 *   <li>without negative prompts the score is that cosine, and the threshold is a cosine in
 *       [-1, 1] (real CLIP weights give about 0.2 to 0.35 for a good match);</li>
 *   <li>with negative prompts (harmless look-alikes: "a kitchen knife on a cutting board") the
 *       score is the probability of the category against them, the softmax of {@code s · cos}
 *       over the category's cosine and each negative prompt's, and the threshold is a
 *       probability in [0, 1].</li>
 * </ul>
 * An image is flagged for the category when its score is at least the threshold. Checked when
 * the category is part of a {@link ModerationPolicy} ({@link ModerationPolicy#validate(String)}).
 *
 * @param name the category's name, unique within the policy
 * @param prompts texts describing the content, at least one
 * @param negativePrompts texts describing harmless look-alikes; may be empty
 * @param threshold the score at or above which the image is flagged
 * @param action what to do with a flagged image
 */
public record PolicyCategory(String name, List<String> prompts, List<String> negativePrompts, double threshold,
                             Action action) {
    /** Copies the lists (a null negative list becomes empty). */
    public PolicyCategory {
        prompts = prompts == null ? null : List.copyOf(prompts);
        negativePrompts = negativePrompts == null ? List.of() : List.copyOf(negativePrompts);
    }

    /**
     * Whether the score is a probability against negative prompts (true) or a cosine (false).
     *
     * @return true when there are negative prompts
     */
    public boolean scoresProbability() {
        return !negativePrompts.isEmpty();
    }
}
