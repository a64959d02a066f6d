package io.clip4j.train.probe;

/**
 * One label's probability for one image under a probe head.
 *
 * @param index       the label's position in {@link ProbeHead#labels()}
 * @param label       the label
 * @param probability {@code softmax(x·Wᵀ + b)} for this label, in [0, 1]
 */
public record ProbePrediction(int index, String label, double probability) {
}
