package io.clip4j.moderation;

/**
 * One category's verdict on one image.
 *
 * @param category the category's name
 * @param score the cosine (no negative prompts) or probability (with them); see {@link PolicyCategory}
 * @param threshold the category's threshold
 * @param flagged whether {@code score >= threshold}
 * @param action the category's action (applies when flagged)
 */
public record CategoryScore(String category, double score, double threshold, boolean flagged, Action action) {
}
