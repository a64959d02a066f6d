package io.clip4j.serve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A zero-shot classifier's class vectors copied to the heap, and the scoring CLIP does with them:
 * cosine of a unit image embedding with each unit class vector, softmax over
 * {@code logitScale · cosine}, best first — what {@code ZeroShotClassifier.classify} computes, on
 * plain arrays so that it can follow the image batcher without touching native memory.
 *
 * @param labels     the labels, in class-vector order
 * @param vectors    one unit vector per label
 * @param logitScale the model's logit scale
 */
record ClassVectors(List<String> labels, float[][] vectors, float logitScale) {

    /** One label's score for one image: softmax probability and cosine. */
    record Prediction(String label, double score, double cosine) {
    }

    /** The {@code topK} best labels for a unit image embedding, most probable first (ties: label order). */
    List<Prediction> top(float[] image, int topK) {
        int n = vectors.length;
        double[] cosines = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            float[] v = vectors[j];
            double dot = 0;
            for (int d = 0; d < v.length; d++) {
                dot += (double) image[d] * v[d];
            }
            cosines[j] = dot;
            max = Math.max(max, logitScale * dot);
        }
        double[] exp = new double[n];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            exp[j] = Math.exp(logitScale * cosines[j] - max);
            sum += exp[j];
        }
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(cosines[b], cosines[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int k = Math.min(topK, n);
        List<Prediction> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            int j = order[i];
            out.add(new Prediction(labels.get(j), exp[j] / sum, cosines[j]));
        }
        return out;
    }
}
