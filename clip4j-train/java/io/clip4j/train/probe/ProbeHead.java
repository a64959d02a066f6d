package io.clip4j.train.probe;

import io.clip4j.internal.Tensors;
import io.clip4j.ClipException;
import io.clip4j.Embeddings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A trained linear probe: {@code softmax(x·Wᵀ + b)} over {@link #labels()} for a unit-length
 * image embedding {@code x} of the model it was trained on.
 *
 * <p>The weights live on the Java heap, not in native memory: a head is small (classes × dim
 * floats), immutable and needs no closing, so it can be shared between threads and kept in a
 * field freely. Each call uploads them next to the embeddings (a few kilobytes to a few
 * megabytes, negligible beside the vision tower that made the embeddings).
 */
public final class ProbeHead {
    private final List<String> labels;
    private final int dim;
    private final float[] weight;
    private final float[] bias;
    private final String model;

    /**
     * @param labels the class labels, at least two, unique and not blank
     * @param dim    the embedding width
     * @param weight {@code W}, row-major {@code [labels, dim]} (copied)
     * @param bias   {@code b}, {@code [labels]} (copied)
     * @param model  the name of the model whose embeddings it was trained on (informational)
     * @throws ClipException if the labels or the array lengths are wrong
     */
    public ProbeHead(List<String> labels, int dim, float[] weight, float[] bias, String model) {
        String problem = labelProblem(labels);
        if (problem != null) {
            throw new ClipException(problem);
        }
        if (dim < 1 || weight.length != (long) labels.size() * dim || bias.length != labels.size()) {
            throw new ClipException("a head of " + labels.size() + " labels and dim " + dim + " needs "
                    + (long) labels.size() * dim + " weights and " + labels.size() + " biases, not "
                    + weight.length + " and " + bias.length);
        }
        this.labels = List.copyOf(labels);
        this.dim = dim;
        this.weight = weight.clone();
        this.bias = bias.clone();
        this.model = model == null ? "" : model;
    }

    /** Why {@code labels} cannot name a head's classes, or null when they can. */
    static String labelProblem(List<String> labels) {
        if (labels == null || labels.size() < 2) {
            return "a head needs at least two labels, got " + (labels == null ? 0 : labels.size());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label == null || label.isBlank()) {
                return "label " + i + " is " + (label == null ? "null" : "blank");
            }
            if (!seen.add(label)) {
                return "label '" + label + "' appears twice";
            }
        }
        return null;
    }

    /** The class labels, in the order of the weight rows. */
    public List<String> labels() {
        return labels;
    }

    /** The embedding width the head takes. */
    public int dim() {
        return dim;
    }

    /** The name of the model it was trained on, or empty. */
    public String model() {
        return model;
    }

    /** A copy of {@code W}, row-major {@code [labels, dim]}. */
    public float[] weight() {
        return weight.clone();
    }

    /** A copy of {@code b}. */
    public float[] bias() {
        return bias.clone();
    }

    /** Class probabilities for each embedding, {@code [images][labels]}. */
    public float[][] probabilities(Embeddings embeddings) {
        return probabilities(embeddings.tensor());
    }

    /**
     * Class probabilities for each row of a float tensor {@code [N, dim]} on any device,
     * {@code [N][labels]}.
     *
     * @throws ClipException if the rows are not {@link #dim()} wide
     */
    public float[][] probabilities(Tensor features) {
        if (features.dim() != 2 || features.size(1) != dim) {
            throw new ClipException("the head takes " + dim + "-wide embeddings, not "
                    + Arrays.toString(features.sizes().vec().get()));
        }
        int n = Math.toIntExact(features.size(0));
        int classes = labels.size();
        float[] flat = new float[n * classes];
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            Device device = features.device();
            Tensor w = onDevice(weight, new long[] {classes, dim}, device);
            Tensor b = onDevice(bias, new long[] {classes}, device);
            Tensor x = features.to(device, ScalarType.Float);
            flat = Tensors.toFloats(torch.linear(x, w, new TensorOptional(b)).softmax(1));
        }
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
        }
        return out;
    }

    /** The {@code k} most probable labels of each embedding, most probable first. */
    public List<List<ProbePrediction>> top(Embeddings embeddings, int k) {
        float[][] probabilities = probabilities(embeddings);
        List<List<ProbePrediction>> out = new ArrayList<>(probabilities.length);
        for (float[] row : probabilities) {
            out.add(top(row, k));
        }
        return out;
    }

    /**
     * The {@code k} (at most the number of labels, at least 1) largest of one image's
     * probabilities, most probable first; ties go to the lower label index.
     */
    public List<ProbePrediction> top(float[] probabilities, int k) {
        int count = Math.max(1, Math.min(k, labels.size()));
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, c) -> probabilities[a] != probabilities[c]
                ? Float.compare(probabilities[c], probabilities[a]) : Integer.compare(a, c));
        List<ProbePrediction> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new ProbePrediction(order[i], labels.get(order[i]), probabilities[order[i]]));
        }
        return out;
    }

    /** The index of the most probable label (ties: the lower index). */
    static int argmax(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }

    /** A float32 copy of {@code values} on {@code device}; lives in the caller's scope. */
    private static Tensor onDevice(float[] values, long[] shape, Device device) {
        FloatPointer data = new FloatPointer(values);
        return torch.from_blob(data, shape, new TensorOptions(ScalarType.Float)).to(device, ScalarType.Float, false, true,
                new org.bytedeco.pytorch.MemoryFormatOptional());
    }
}
