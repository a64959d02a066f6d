package io.clip4j.moderation;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.zeroshot.Classification;
import io.clip4j.zeroshot.PromptTemplates;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Scores images against a {@link ModerationPolicy}: every prompt of the policy is embedded once
 * (a {@link ZeroShotClassifier} with one label per prompt and no template), each image's
 * cosines with all prompts come from one matrix product on the model's device, and each
 * category's score and verdict follow {@link PolicyCategory}'s rules.
 *
 * <pre>{@code
 * try (ClipModel clip = ClipModel.load(modelDir);
 *      Moderator moderator = Moderator.create(clip, PolicyReader.read(Path.of("policy.json")))) {
 *     ModerationResult r = moderator.moderate(List.of(frame)).get(0);
 *     if (r.action() == Action.BLOCK) { ... }
 * }
 * }</pre>
 *
 * <p>{@link #moderate(float[])} takes one embedding made elsewhere with the same model (a
 * server's batcher) and scores it on the host.
 *
 * <p>Safe to use from several threads at once. Owns the prompt embeddings ({@link #close()}
 * frees them), not the model.
 */
public final class Moderator implements AutoCloseable {
    private final ClipModel model;
    private final ModerationPolicy policy;
    private final ZeroShotClassifier prompts;
    private final List<CategoryScorer> scorers;
    private final double logitScale;
    private final float[][] promptVectors; // host copy, for single embeddings

    private Moderator(ClipModel model, ModerationPolicy policy, ZeroShotClassifier prompts, List<CategoryScorer> scorers) {
        this.model = model;
        this.policy = policy;
        this.prompts = prompts;
        this.scorers = scorers;
        this.logitScale = model.logitScale();
        this.promptVectors = prompts.classVectors();
    }

    /**
     * Checks the policy and embeds its prompts.
     *
     * @param model the model (kept, not closed)
     * @param policy the policy
     * @return a moderator the caller closes
     * @throws PolicyException if the policy is malformed
     */
    public static Moderator create(ClipModel model, ModerationPolicy policy) {
        Objects.requireNonNull(model, "model");
        if (policy == null) {
            throw new ClipException("policy must not be null (DefaultPolicy.load() gives the default)");
        }
        policy.validate("policy '" + policy.name() + "'");
        List<String> labels = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<CategoryScorer> scorers = new ArrayList<>();
        for (int c = 0; c < policy.categories().size(); c++) {
            PolicyCategory category = policy.categories().get(c);
            int positiveFrom = texts.size();
            for (int j = 0; j < category.prompts().size(); j++) {
                labels.add(c + "+" + j);
                texts.add(category.prompts().get(j));
            }
            int negativeFrom = texts.size();
            for (int j = 0; j < category.negativePrompts().size(); j++) {
                labels.add(c + "-" + j);
                texts.add(category.negativePrompts().get(j));
            }
            scorers.add(new CategoryScorer(positiveFrom, negativeFrom, negativeFrom, texts.size()));
        }
        ZeroShotClassifier classifier = ZeroShotClassifier.create(model, labels, texts, PromptTemplates.none());
        return new Moderator(model, policy, classifier, List.copyOf(scorers));
    }

    /**
     * Moderates 8-bit BGR images (embedded a model batch at a time).
     *
     * @param bgrImages images of any size, read in place
     * @return one result per image, in order
     */
    public List<ModerationResult> moderate(List<Mat> bgrImages) {
        if (bgrImages == null) {
            throw new ClipException("images must not be null");
        }
        return model.mapImageBatches(bgrImages, this::moderate);
    }

    /**
     * Moderates images by their embeddings (of this moderator's model).
     *
     * @param imageEmbeddings unit-length image embeddings
     * @return one result per row, in order
     */
    public List<ModerationResult> moderate(Embeddings imageEmbeddings) {
        List<ModerationResult> results = new ArrayList<>(imageEmbeddings.size());
        for (Classification row : prompts.classify(imageEmbeddings, 1)) {
            results.add(verdict(row.cosines()));
        }
        return results;
    }

    /**
     * Moderates one image by its embedding, computed elsewhere with this moderator's model (a
     * server's batcher, say): a dot product with each prompt vector on the host.
     *
     * @param imageEmbedding the image's embedding, {@code projection_dim} wide (scaled to unit length here)
     * @return the verdict
     * @throws ClipException if the embedding is null, of another width, zero or not finite
     */
    public ModerationResult moderate(float[] imageEmbedding) {
        int dim = promptVectors[0].length;
        if (imageEmbedding == null || imageEmbedding.length != dim) {
            throw new ClipException("image embedding must have " + dim + " values, not "
                    + (imageEmbedding == null ? "null" : imageEmbedding.length));
        }
        double norm = 0;
        for (float v : imageEmbedding) {
            norm += (double) v * v;
        }
        if (!(norm > 0) || Double.isInfinite(norm)) {
            throw new ClipException("image embedding must be finite and not all zeros");
        }
        float[] cosines = new float[promptVectors.length];
        for (int p = 0; p < promptVectors.length; p++) {
            double dot = 0;
            for (int d = 0; d < dim; d++) {
                dot += (double) imageEmbedding[d] * promptVectors[p][d];
            }
            cosines[p] = (float) (dot / Math.sqrt(norm));
        }
        return verdict(cosines);
    }

    /** The verdict for one image's cosines with every prompt. */
    private ModerationResult verdict(float[] cosines) {
        List<CategoryScore> scores = new ArrayList<>(scorers.size());
        Action action = Action.NONE;
        for (int c = 0; c < scorers.size(); c++) {
            PolicyCategory category = policy.categories().get(c);
            double score = scorers.get(c).score(cosines, logitScale);
            if (!Double.isFinite(score)) { // fail closed: a NaN compared with a threshold would read as "none"
                throw new ClipException("moderation: category '" + category.name() + "' scored " + score
                        + " (the model computed non-finite values); no verdict is given");
            }
            boolean flagged = score >= category.threshold();
            if (flagged) {
                action = action.max(category.action());
            }
            scores.add(new CategoryScore(category.name(), score, category.threshold(), flagged, category.action()));
        }
        return new ModerationResult(scores, action);
    }

    /**
     * The policy applied.
     *
     * @return the policy given to {@link #create}
     */
    public ModerationPolicy policy() {
        return policy;
    }

    /** Frees the prompt embeddings. Idempotent; does not close the model. */
    @Override
    public void close() {
        prompts.close();
    }
}
