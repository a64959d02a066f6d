package io.clip4j.zeroshot;

/**
 * A label that an image matched in multi-label mode: its cosine reached the label's threshold.
 *
 * @param index the label's position in {@link ZeroShotClassifier#labels()}
 * @param label the label
 * @param cosine cosine similarity of the image embedding and the label's class vector
 * @param threshold the threshold it was compared with ({@code cosine >= threshold})
 */
public record LabelMatch(int index, String label, double cosine, double threshold) {
}
