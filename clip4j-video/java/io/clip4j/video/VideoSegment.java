package io.clip4j.video;

import io.clip4j.zeroshot.Classification;

/**
 * A shot: consecutive sampled frames whose embeddings stay alike, from {@code start} to
 * {@code end} seconds, with the mean of their embeddings (unit length) and, when classified, its labels.
 */
public record VideoSegment(double start, double end, int frames, float[] embedding, Classification labels) {
}
