package io.clip4j.train.probe;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.train.data.CaptionDataset;
import io.clip4j.train.data.DatasetException;
import io.clip4j.train.data.Sample;
import io.clip4j.train.data.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Trains a linear probe on a labelled dataset in one call: checks every sample has a label,
 * splits by image ({@link Split}), embeds each distinct image once with the frozen model, fits
 * the head on the training part ({@link ProbeTrainer}) and scores both parts.
 *
 * <pre>{@code
 * try (ClipModel clip = ClipModel.load(dir)) {
 *     LinearProbe.Result r = LinearProbe.train(clip, CaptionDatasets.readFolder(root), ProbeOptions.defaults(), n -> { });
 *     HeadFile.write(dir.resolve("head.safetensors"), r.head());
 *     System.out.println(r.report().toJson());
 * }
 * }</pre>
 */
public final class LinearProbe {
    private LinearProbe() {
    }

    /** The trained head and what training found. */
    public record Result(ProbeHead head, ProbeReport report) {
    }

    /**
     * @param model    the frozen model whose image embeddings are the features
     * @param dataset  labelled samples (a CSV with a label column, or a labelled folder); a sample
     *                 listed twice with the same label (several captions of one image) counts once
     * @param options  split and optimiser settings
     * @param progress told how many images each embedded batch held (for a progress bar)
     * @throws DatasetException when a sample has no label, there are fewer than two labels, or an
     *                          image cannot be decoded
     * @throws ClipException    when the split leaves no training image
     */
    public static Result train(ClipModel model, CaptionDataset dataset, ProbeOptions options, LongConsumer progress) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(options, "options");
        long start = System.nanoTime();
        List<Sample> samples = labelledOnce(dataset);
        List<String> labels = dataset.labels();
        if (labels.size() < 2) {
            throw new DatasetException(dataset.source(), "a probe needs at least two labels, found " + labels);
        }
        Split split = Split.of(samples, options.validationFraction(), options.seed());
        if (split.train().isEmpty()) {
            throw new ClipException(dataset.source() + ": validation fraction " + options.validationFraction()
                    + " leaves no training image");
        }
        Map<Path, Integer> rowOf = new LinkedHashMap<>();
        samples.forEach(s -> rowOf.putIfAbsent(s.image(), rowOf.size()));
        int dim = model.config().projectionDim();
        float[] all = ImageFeatures.embed(model, List.copyOf(rowOf.keySet()), dataset.source(), progress);

        Map<String, Integer> classOf = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            classOf.put(labels.get(i), i);
        }
        Part train = Part.of(split.train(), rowOf, classOf, all, dim);
        Part validation = Part.of(split.validation(), rowOf, classOf, all, dim);
        ProbeTrainer.Fit fit = ProbeTrainer.fit(train.features, dim, train.targets, labels.size(), options, model.device());
        String modelName = model.directory().getFileName() == null ? model.directory().toString()
                : model.directory().getFileName().toString();
        ProbeHead head = new ProbeHead(labels, dim, fit.weight(), fit.bias(), modelName);

        Scores trainScores = Scores.of(head, train);
        Scores validationScores = Scores.of(head, validation);
        double seconds = (System.nanoTime() - start) / 1e9;
        ProbeReport report = new ProbeReport(modelName, dim, labels, train.counts(labels.size()),
                validation.counts(labels.size()), trainScores.confusion.accuracy(), fit.loss(),
                validationScores.confusion.accuracy(), validationScores.meanCrossEntropy,
                trainScores.confusion, validationScores.confusion, options, seconds);
        return new Result(head, report);
    }

    /**
     * The samples with a label, each (image, label) pair once.
     *
     * @throws DatasetException naming the first unlabelled sample
     */
    private static List<Sample> labelledOnce(CaptionDataset dataset) {
        Set<List<Object>> seen = new LinkedHashSet<>();
        List<Sample> out = new ArrayList<>();
        for (Sample s : dataset.samples()) {
            if (s.label() == null || s.label().isBlank()) {
                throw new DatasetException(dataset.source(), (s.line() > 0 ? "line " + s.line() + ": " : "")
                        + "image " + s.image() + " has no label; a probe needs one for every row "
                        + "(a CSV needs a label column, see --label-column)");
            }
            if (seen.add(List.of(s.image(), s.label()))) {
                out.add(s);
            }
        }
        return out;
    }

    /** One part of the split as features and class indexes. */
    private record Part(float[] features, int[] targets, int dim) {
        static Part of(List<Sample> samples, Map<Path, Integer> rowOf, Map<String, Integer> classOf, float[] all, int dim) {
            float[] features = new float[samples.size() * dim];
            int[] targets = new int[samples.size()];
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                System.arraycopy(all, rowOf.get(s.image()) * dim, features, i * dim, dim);
                targets[i] = classOf.get(s.label());
            }
            return new Part(features, targets, dim);
        }

        int[] counts(int classes) {
            int[] counts = new int[classes];
            for (int t : targets) {
                counts[t]++;
            }
            return counts;
        }
    }

    /** A head's predictions on one part: the confusion matrix and the mean cross-entropy. */
    private record Scores(ConfusionMatrix confusion, double meanCrossEntropy) {
        static Scores of(ProbeHead head, Part part) {
            int n = part.targets.length;
            int[] predicted = new int[n];
            double crossEntropy = 0;
            if (n > 0) {
                float[][] probabilities;
                try (PointerScope scope = new PointerScope()) {
                    probabilities = head.probabilities(torch.from_blob(new FloatPointer(part.features),
                            new long[] {n, part.dim}, new TensorOptions(ScalarType.Float)));
                }
                for (int i = 0; i < n; i++) {
                    predicted[i] = ProbeHead.argmax(probabilities[i]);
                    crossEntropy -= Math.log(Math.max(probabilities[i][part.targets[i]], Float.MIN_NORMAL));
                }
            }
            return new Scores(ConfusionMatrix.of(head.labels(), part.targets, predicted),
                    n == 0 ? Double.NaN : crossEntropy / n);
        }
    }
}
