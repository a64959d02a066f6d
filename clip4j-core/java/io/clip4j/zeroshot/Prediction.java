package io.clip4j.zeroshot;

/**
 * One label's score for one image.
 *
 * @param index the label's position in {@link ZeroShotClassifier#labels()}
 * @param label the label
 * @param probability softmax over all labels of {@code logitScale · cosine}, in [0, 1]
 * @param cosine cosine similarity of the image embedding and the label's class vector, in [-1, 1]
 */
public record Prediction(int index, String label, double probability, double cosine) {
}
