package io.clip4j.zeroshot;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.internal.Tensors;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * CLIP zero-shot classification: one class vector per label, compared with image embeddings.
 *
 * <p>A label's class vector is the L2-normalised mean of the L2-normalised text embeddings of
 * its prompts ({@link PromptTemplates#prompts(String)}), the prompt ensemble of the CLIP paper.
 * The vectors are stacked into a float32 tensor {@code [labels, dim]} on the model's device,
 * which this object owns: {@link #close()} frees it. They are built a few classes at a time, so
 * 1,000 classes × 80 templates never tokenize or embed all 80,000 prompts at once; each chunk's
 * prompts are padded only to its longest prompt, not to the model's context length.
 *
 * <pre>{@code
 * try (ClipModel clip = ClipModel.load(dir);
 *      ZeroShotClassifier animals = ZeroShotClassifier.create(clip, List.of("cat", "dog"), PromptTemplates.defaults())) {
 *     Classification c = animals.classifyImages(List.of(frame), 1).get(0);
 *     System.out.println(c.best().label() + " " + c.best().probability());
 * }
 * }</pre>
 *
 * <p>Scores are one matrix product per chunk of images on the model's device. Probabilities are
 * the softmax over all labels of {@code model.logitScale() · cosine}, as CLIP computes them.
 * Safe to use from several threads at once; {@link #close()} waits for calls in progress.
 * A classifier handed out by a {@link ClassifierCache} belongs to the cache: its
 * {@link #close()} does nothing and the cache frees it.
 */
public final class ZeroShotClassifier implements AutoCloseable {
    /** While building class vectors, prompts are embedded this many model batches at a time. */
    static final int BATCHES_PER_CHUNK = 4;

    private final ClipModel model;
    private final List<String> labels;
    private final List<String> promptNames;
    private final PromptTemplates templates;
    private final Map<String, Integer> indexOf;
    private final Tensor classVectors;
    private final int dim;
    private final float logitScale;
    private final ClassifierCache owner;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lock

    private ZeroShotClassifier(ClipModel model, List<String> labels, List<String> promptNames, PromptTemplates templates,
                               Tensor classVectors, ClassifierCache owner) {
        this.model = model;
        this.labels = List.copyOf(labels);
        this.promptNames = List.copyOf(promptNames);
        this.templates = templates;
        this.classVectors = classVectors;
        this.dim = Math.toIntExact(classVectors.size(1));
        this.logitScale = model.logitScale();
        this.owner = owner;
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < this.labels.size(); i++) {
            index.put(this.labels.get(i), i);
        }
        this.indexOf = Map.copyOf(index);
    }

    /**
     * Builds a classifier with the model's own prompt templates: those of its folder's
     * {@value PromptTemplates#MODEL_FILE} when it has one, else {@link PromptTemplates#defaults()}
     * (see {@link PromptTemplates#forModel}).
     *
     * @throws ClipException if an argument is null, or the labels are empty, blank or repeated
     * @throws PromptFileException when the model's template file cannot be used
     */
    public static ZeroShotClassifier create(ClipModel model, List<String> labels) {
        if (model == null) {
            throw new ClipException("model must not be null");
        }
        return create(model, labels, PromptTemplates.forModel(model.directory()));
    }

    /**
     * Builds a classifier whose prompts fill each template with the label itself.
     *
     * @param model the model whose text tower embeds the prompts; the classifier keeps a reference
     *     to it (for {@link #classifyImages}) but does not close it
     * @param labels the class labels: at least one, none null or blank, no two equal
     * @param templates the prompt templates ({@link PromptTemplates#none()} for the bare labels)
     * @return a classifier that the caller owns and closes
     * @throws ClipException if an argument is null, or the labels are empty, blank or repeated
     */
    public static ZeroShotClassifier create(ClipModel model, List<String> labels, PromptTemplates templates) {
        return create(model, labels, labels, templates);
    }

    /**
     * Builds a classifier whose prompts fill each template with {@code promptNames.get(i)} for
     * label {@code i}. Prompt names may repeat where labels may not: for a dataset whose class
     * names repeat, pass {@link ClassNames#unique(List)} of the names as labels and the names as
     * prompt names.
     *
     * @param model the model whose text tower embeds the prompts (kept, not closed)
     * @param labels the class labels: at least one, none null or blank, no two equal
     * @param promptNames what replaces {@code {}} for each label, as many as there are labels,
     *     none null or blank
     * @param templates the prompt templates
     * @return a classifier that the caller owns and closes
     * @throws ClipException if an argument is null, the labels are empty, blank or repeated, or
     *     the prompt names do not match the labels one to one
     */
    public static ZeroShotClassifier create(ClipModel model, List<String> labels, List<String> promptNames,
                                            PromptTemplates templates) {
        checkArguments(model, labels, promptNames, templates);
        return build(model, labels, promptNames, templates, null);
    }

    /** Builds without re-checking the arguments; {@code owner} is the cache that owns it, or null. */
    static ZeroShotClassifier build(ClipModel model, List<String> labels, List<String> promptNames,
                                    PromptTemplates templates, ClassifierCache owner) {
        Tensor vectors = buildClassVectors(model, promptNames, templates);
        return new ZeroShotClassifier(model, labels, promptNames, templates, vectors, owner);
    }

    /** The checks {@link #create(ClipModel, List, List, PromptTemplates)} makes before any work. */
    static void checkArguments(ClipModel model, List<String> labels, List<String> promptNames, PromptTemplates templates) {
        if (model == null) {
            throw new ClipException("model must not be null");
        }
        if (templates == null) {
            throw new ClipException("templates must not be null (PromptTemplates.none() uses the bare labels)");
        }
        if (labels == null || labels.isEmpty()) {
            throw new ClipException("labels must not be empty");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label == null) {
                throw new ClipException("label " + i + " is null");
            }
            if (label.isBlank()) {
                throw new ClipException("label " + i + " is blank");
            }
            Integer first = seen.putIfAbsent(label, i);
            if (first != null) {
                throw new ClipException("label '" + label + "' appears twice (at " + first + " and " + i
                        + "); labels must be unique (for class names that repeat, pass ClassNames.unique(names) "
                        + "as labels and the names as prompt names)");
            }
        }
        if (promptNames == null) {
            throw new ClipException("prompt names must not be null");
        }
        if (promptNames.size() != labels.size()) {
            throw new ClipException("there are " + promptNames.size() + " prompt names for " + labels.size()
                    + " labels; they must match one to one");
        }
        for (int i = 0; i < promptNames.size(); i++) {
            String name = promptNames.get(i);
            if (name == null || name.isBlank()) {
                throw new ClipException("prompt name " + i + " (for label '" + labels.get(i) + "') is "
                        + (name == null ? "null" : "blank"));
            }
        }
    }

    /** How many classes' prompts go through {@code embedTexts} together while building. */
    static int classesPerChunk(int maxBatch, int templates) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) maxBatch * BATCHES_PER_CHUNK / templates));
    }

    /**
     * The {@code [names, dim]} class vectors, built a chunk of classes at a time; each chunk's
     * prompts, tokens and embeddings are freed before the next, only the result is kept.
     */
    private static Tensor buildClassVectors(ClipModel model, List<String> names, PromptTemplates templates) {
        int count = names.size();
        int perClass = templates.size();
        int dim = model.config().projectionDim();
        int perChunk = classesPerChunk(model.options().maxBatch(), perClass);
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            TensorOptions float32 = new TensorOptions(model.device())
                    .dtype(new ScalarTypeOptional(ScalarType.Float));
            Tensor result = torch.empty(new long[] {count, dim}, float32, new MemoryFormatOptional());
            for (int from = 0; from < count; from += perChunk) {
                int to = Math.min(count, from + perChunk);
                List<String> prompts = new ArrayList<>((to - from) * perClass);
                for (String name : names.subList(from, to)) {
                    prompts.addAll(templates.prompts(name));
                }
                try (PointerScope chunkScope = new PointerScope(); Embeddings embedded = model.embedTexts(prompts)) {
                    Tensor mean = embedded.tensor().view(to - from, perClass, dim).mean(1);
                    result.narrow(0, from, to - from).copy_(Tensors.unitRows(mean));
                }
            }
            result.retainReference(); // owned by the classifier, released in close()
            return result;
        }
    }

    /**
     * Classifies images by their embeddings (e.g. from {@link ClipModel#embedImages} or
     * {@link ClipModel#embedPixels}, of the same model).
     *
     * @param imageEmbeddings unit-length image embeddings of this classifier's model, on any device
     * @param topK how many labels each result's {@code top} holds, clamped to [1, labels]
     * @return one result per embedding row, in order
     * @throws ClipException if the embeddings' width differs from the class vectors'
     * @throws IllegalStateException if this classifier or the embeddings are closed
     */
    public List<Classification> classify(Embeddings imageEmbeddings, int topK) {
        int k = Math.max(1, Math.min(topK, labels.size()));
        List<Classification> results = new ArrayList<>();
        int count = labels.size();
        readLocked(() -> score(imageEmbeddings, true, (rows, cosines, probabilities) -> {
            for (int r = 0; r < rows; r++) {
                float[] row = Arrays.copyOfRange(cosines, r * count, (r + 1) * count);
                List<Prediction> top = new ArrayList<>(k);
                for (int i : topIndices(row, k)) {
                    top.add(new Prediction(i, labels.get(i), probabilities[r * count + i], row[i]));
                }
                results.add(new Classification(top, row));
            }
        }));
        return results;
    }

    /** The class vectors, labels and logit scale copied to the heap, for scoring without native memory. */
    public LabelVectors onHeap() {
        return new LabelVectors(labels, classVectors(), logitScale());
    }

    /**
     * Classifies one image file: every label, best first ({@link Classification#best()}).
     *
     * @throws io.clip4j.image.ImageDecodeException naming the file if it cannot be read
     */
    public Classification classify(Path imageFile) {
        try (Embeddings e = model.embedImageFiles(List.of(imageFile))) {
            return classify(e, labels.size()).get(0);
        }
    }

    /** Classifies one encoded image held in memory (the bytes of a JPEG, PNG, … file): every label, best first. */
    public Classification classify(byte[] encodedImage) {
        try (Embeddings e = model.embedImage(encodedImage)) {
            return classify(e, labels.size()).get(0);
        }
    }

    /** Classifies one {@link BufferedImage}: every label, best first. */
    public Classification classify(BufferedImage image) {
        try (Embeddings e = model.embedImage(image)) {
            return classify(e, labels.size()).get(0);
        }
    }

    /**
     * Embeds 8-bit BGR frames with {@link ClipModel#embedImages} (a model batch at a time, so a
     * long list never holds all its embeddings at once) and classifies them. The model must
     * still be open.
     *
     * @param bgrFrames 8-bit BGR frames of any size, read in place
     * @param topK how many labels each result's {@code top} holds, clamped to [1, labels]
     * @return one result per frame, in order
     * @see #classify(Embeddings, int)
     * @throws ClipException if {@code bgrFrames} is null or the model rejects a frame
     */
    public List<Classification> classifyImages(List<Mat> bgrFrames, int topK) {
        if (bgrFrames == null) {
            throw new ClipException("frames must not be null");
        }
        List<Classification> results = new ArrayList<>(bgrFrames.size());
        readLocked(() -> results.addAll(model.mapImageBatches(bgrFrames, embedded -> classify(embedded, topK))));
        return results;
    }

    /**
     * Multi-label mode (e.g. moderation): for each image, every label whose cosine similarity is
     * at least that label's threshold, highest cosine first (ties: lower label index first).
     * Cosines of CLIP embeddings are small (about 0.2–0.35 for a good match with real weights),
     * so thresholds are best calibrated per label on examples.
     *
     * @param images unit-length image embeddings of this classifier's model, on any device
     * @param thresholds per-label cosine thresholds, keyed by label; labels not in it use
     *     {@code defaultThreshold}
     * @param defaultThreshold the cosine threshold of every label not in {@code thresholds}
     * @return one list per embedding row, in order; empty where nothing matched
     * @throws ClipException if {@code thresholds} is null, names a label this classifier does not
     *     have, or holds a null or NaN threshold, or {@code defaultThreshold} is NaN
     */
    public List<List<LabelMatch>> classifyMultiLabel(Embeddings images, Map<String, Double> thresholds,
                                                     double defaultThreshold) {
        double[] limits = thresholds(thresholds, defaultThreshold);
        int count = labels.size();
        List<List<LabelMatch>> results = new ArrayList<>();
        readLocked(() -> score(images, false, (rows, cosines, ignored) -> {
            for (int r = 0; r < rows; r++) {
                List<LabelMatch> matches = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    float cosine = cosines[r * count + i];
                    if (cosine >= limits[i]) {
                        matches.add(new LabelMatch(i, labels.get(i), cosine, limits[i]));
                    }
                }
                matches.sort(Comparator.comparingDouble(LabelMatch::cosine).reversed()
                        .thenComparingInt(LabelMatch::index));
                results.add(List.copyOf(matches));
            }
        }));
        return results;
    }

    /** The labels, in class-vector order (unmodifiable). */
    public List<String> labels() {
        return labels;
    }

    /** What filled {@code {}} for each label (the labels themselves unless given separately). */
    public List<String> promptNames() {
        return promptNames;
    }

    /** The templates the class vectors were built from. */
    public PromptTemplates templates() {
        return templates;
    }

    /** The model the class vectors came from. */
    public ClipModel model() {
        return model;
    }

    /** Width of a class vector (the model's projection dimension). */
    public int dim() {
        return dim;
    }

    /** The multiplier of cosines before the softmax: the model's {@link ClipModel#logitScale()}. */
    public float logitScale() {
        return logitScale;
    }

    /** A copy of the class vectors, {@code [labels][dim]}, each of unit length. */
    public float[][] classVectors() {
        float[][] rows = new float[labels.size()][];
        readLocked(() -> {
            try (PointerScope scope = new PointerScope()) {
                float[] all = Tensors.toFloats(classVectors);
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = Arrays.copyOfRange(all, i * dim, (i + 1) * dim);
                }
            }
        });
        return rows;
    }

    /**
     * The class vectors as a float32 tensor {@code [labels, dim]} on the model's device, still
     * owned by this classifier (for work that stays on the device); valid until it is closed.
     */
    public Tensor classVectorTensor() {
        lock.readLock().lock();
        try {
            checkOpen();
            return classVectors;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** True once the class vectors have been freed. */
    public boolean isClosed() {
        lock.readLock().lock();
        try {
            return closed;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Frees the class vectors, after any call in progress. Idempotent. Does nothing for a
     * classifier that a {@link ClassifierCache} handed out: the cache frees those.
     * Does not close the model.
     */
    @Override
    public void close() {
        if (owner == null) {
            release();
        }
    }

    /** Frees the class vectors whoever the owner is. */
    void release() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                classVectors.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "ZeroShotClassifier[" + labels.size() + " labels, " + templates.size() + " templates, dim " + dim + "]";
    }

    /** Receives the host copies of one chunk of scores, {@code [rows, labels]} row-major. */
    @FunctionalInterface
    private interface ChunkScores {
        void accept(int rows, float[] cosines, float[] probabilities);
    }

    /**
     * Cosines (and, if asked, probabilities) of each chunk of image rows: one matrix product on
     * the device per chunk, then one copy to the host. Every temporary is freed per chunk.
     */
    private void score(Embeddings images, boolean withProbabilities, ChunkScores sink) {
        if (images == null) {
            throw new ClipException("image embeddings must not be null");
        }
        Tensor all = images.tensor();
        if (images.dim() != dim) {
            throw new ClipException("image embeddings are " + images.dim() + " wide but the class vectors are " + dim
                    + " wide: embed the images with the classifier's model");
        }
        int n = images.size();
        int chunk = model.options().maxBatch();
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            Device device = classVectors.device();
            Tensor classesT = classVectors.t();
            Scalar scale = new Scalar(logitScale);
            for (int from = 0; from < n; from += chunk) {
                int rows = Math.min(chunk, n - from);
                try (PointerScope chunkScope = new PointerScope()) {
                    Tensor x = all.narrow(0, from, rows).to(device, ScalarType.Float);
                    Tensor cosines = x.matmul(classesT);
                    float[] probabilities = withProbabilities ? Tensors.toFloats(cosines.mul(scale).softmax(1)) : null;
                    sink.accept(rows, Tensors.toFloats(cosines), probabilities);
                }
            }
        }
    }

    /** Indices of the {@code k} largest scores, largest first; equal scores keep index order. */
    static int[] topIndices(float[] scores, int k) {
        Comparator<Integer> order = (a, b) -> {
            int c = Float.compare(scores[b], scores[a]);
            return c != 0 ? c : Integer.compare(a, b);
        };
        if (k >= 32) {
            Integer[] all = new Integer[scores.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            Arrays.sort(all, order);
            return Arrays.stream(all, 0, k).mapToInt(Integer::intValue).toArray();
        }
        int[] best = new int[k];
        int size = 0;
        for (int i = 0; i < scores.length; i++) {
            if (size == k && !(Float.compare(scores[i], scores[best[k - 1]]) > 0)) {
                continue; // not better than the worst kept (a later index loses ties)
            }
            int at = size < k ? size++ : k - 1;
            while (at > 0 && Float.compare(scores[i], scores[best[at - 1]]) > 0) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = i;
        }
        return best;
    }

    private double[] thresholds(Map<String, Double> thresholds, double defaultThreshold) {
        if (thresholds == null) {
            throw new ClipException("thresholds must not be null (pass Map.of() to use the default for every label)");
        }
        if (Double.isNaN(defaultThreshold)) {
            throw new ClipException("the default threshold must be a number, not NaN");
        }
        double[] limits = new double[labels.size()];
        Arrays.fill(limits, defaultThreshold);
        TreeSet<String> unknown = new TreeSet<>();
        for (Map.Entry<String, Double> e : thresholds.entrySet()) {
            Integer i = e.getKey() == null ? null : indexOf.get(e.getKey());
            if (i == null) {
                unknown.add(String.valueOf(e.getKey()));
                continue;
            }
            if (e.getValue() == null || e.getValue().isNaN()) {
                throw new ClipException("threshold for label '" + e.getKey() + "' must be a number, not " + e.getValue());
            }
            limits[i] = e.getValue();
        }
        if (!unknown.isEmpty()) {
            throw new ClipException("thresholds name labels this classifier does not have: " + unknown);
        }
        return limits;
    }

    private void readLocked(Runnable work) {
        lock.readLock().lock();
        try {
            checkOpen();
            work.run();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("zero-shot classifier already closed");
        }
    }

}
