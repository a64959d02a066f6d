package io.clip4j.zeroshot;

import io.clip4j.ClipException;
import java.util.ArrayList;
import java.util.List;

/**
 * A classifier's class vectors copied to the heap, and CLIP's zero-shot scoring on them: the
 * cosine of a unit image embedding with each unit class vector, softmax over
 * {@code logitScale · cosine}, best first, ties to the lower label index — what
 * {@link ZeroShotClassifier#classify} computes on tensors, for callers that score a few vectors
 * at a time without native memory (the server, after its batcher). Made by
 * {@link ZeroShotClassifier#onHeap()}; it outlives the classifier.
 *
 * @param labels     the labels, in class-vector order
 * @param vectors    one unit vector per label
 * @param logitScale the model's logit scale
 */
public record LabelVectors(List<String> labels, float[][] vectors, float logitScale) {
    /** Checks that there is one vector per label. */
    public LabelVectors {
        labels = List.copyOf(labels);
        if (vectors.length != labels.size()) {
            throw new ClipException(labels.size() + " labels but " + vectors.length + " class vectors");
        }
    }

    /**
     * Classifies one unit image embedding.
     *
     * @param topK how many labels {@code top} holds, clamped to [1, labels]
     */
    public Classification classify(float[] unitImage, int topK) {
        int n = vectors.length;
        float[] cosines = new float[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if (vectors[j].length != unitImage.length) {
                throw new ClipException("the image embedding is " + unitImage.length + " wide, the class vectors "
                        + vectors[j].length);
            }
            double dot = 0;
            for (int d = 0; d < unitImage.length; d++) {
                dot += (double) unitImage[d] * vectors[j][d];
            }
            cosines[j] = (float) dot;
            max = Math.max(max, logitScale * dot);
        }
        double[] exp = new double[n];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            exp[j] = Math.exp(logitScale * (double) cosines[j] - max);
            sum += exp[j];
        }
        int k = Math.max(1, Math.min(topK, n));
        List<Prediction> top = new ArrayList<>(k);
        for (int j : ZeroShotClassifier.topIndices(cosines, k)) {
            top.add(new Prediction(j, labels.get(j), exp[j] / sum, cosines[j]));
        }
        return new Classification(top, cosines);
    }
}
