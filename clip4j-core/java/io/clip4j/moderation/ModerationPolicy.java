package io.clip4j.moderation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A moderation policy: categories of content, each with prompts, optional negative prompts, a
 * threshold and an action ({@link PolicyCategory} says how scores are computed). Read one from
 * JSON with {@link PolicyReader}, or take {@link DefaultPolicy#load()}.
 *
 * <p>Thresholds only mean something for the model they were calibrated with: CLIP's cosines
 * differ from model to model. {@link #calibrated()} says whether the author did that.
 *
 * @param name a name for messages and output
 * @param description free text (what it is for, how it was calibrated)
 * @param calibrated whether the thresholds were calibrated on labelled data with real weights
 * @param categories the categories, at least one, names unique
 */
public record ModerationPolicy(String name, String description, boolean calibrated, List<PolicyCategory> categories) {
    /** The most categories a policy may hold. */
    public static final int MAX_CATEGORIES = 1000;
    /** The most prompts, positive and negative, in one category. */
    public static final int MAX_PROMPTS = 1000;

    /** Copies the category list. */
    public ModerationPolicy {
        categories = categories == null ? null : List.copyOf(categories);
    }

    /**
     * Checks every field, naming the first one at fault as a JSON path.
     *
     * @param source the policy's name in messages (its file, or {@code policy})
     * @return this policy
     * @throws PolicyException naming {@code source} and the field
     */
    public ModerationPolicy validate(String source) {
        if (name == null || name.isBlank()) {
            throw new PolicyException(source, "name", "must be a non-blank string");
        }
        if (categories == null || categories.isEmpty()) {
            throw new PolicyException(source, "categories", "must list at least one category");
        }
        if (categories.size() > MAX_CATEGORIES) {
            throw new PolicyException(source, "categories", "lists " + categories.size() + " categories; at most "
                    + MAX_CATEGORIES + " are allowed");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < categories.size(); i++) {
            String at = "categories[" + i + "]";
            PolicyCategory c = categories.get(i);
            if (c == null) {
                throw new PolicyException(source, at, "must be an object, not null");
            }
            checkCategory(source, at, c);
            Integer earlier = seen.putIfAbsent(c.name(), i);
            if (earlier != null) {
                throw new PolicyException(source, at + ".name", "'" + c.name() + "' is already the name of categories["
                        + earlier + "]; names must be unique");
            }
        }
        return this;
    }

    private static void checkCategory(String source, String at, PolicyCategory c) {
        if (c.name() == null || c.name().isBlank()) {
            throw new PolicyException(source, at + ".name", "must be a non-blank string");
        }
        checkPrompts(source, at + ".prompts", c.prompts(), true);
        checkPrompts(source, at + ".negative_prompts", c.negativePrompts(), false);
        if (c.prompts().size() + c.negativePrompts().size() > MAX_PROMPTS) {
            throw new PolicyException(source, at, "has more than " + MAX_PROMPTS + " prompts");
        }
        double t = c.threshold();
        if (c.scoresProbability() ? !(t >= 0 && t <= 1) : !(t >= -1 && t <= 1)) {
            throw new PolicyException(source, at + ".threshold", c.scoresProbability()
                    ? "must be a probability in [0, 1] (the category has negative prompts, so its score is the"
                            + " probability against them), not " + t
                    : "must be a cosine in [-1, 1] (the category has no negative prompts, so its score is a cosine"
                            + " similarity), not " + t);
        }
        if (c.action() == null || c.action() == Action.NONE) {
            throw new PolicyException(source, at + ".action", "must be one of warn, review, blur, block");
        }
    }

    private static void checkPrompts(String source, String at, List<String> prompts, boolean required) {
        if (prompts == null || (required && prompts.isEmpty())) {
            throw new PolicyException(source, at, "must list at least one prompt");
        }
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i) == null || prompts.get(i).isBlank()) {
                throw new PolicyException(source, at + "[" + i + "]", "must be a non-blank string");
            }
        }
    }
}
