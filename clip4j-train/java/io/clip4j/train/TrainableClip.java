package io.clip4j.train;

import io.clip4j.ClipException;
import io.clip4j.internal.Checkpoint;
import io.clip4j.model.ClipConfig;
import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.TextTower;
import io.clip4j.internal.VisionTower;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A CLIP model whose parameters are fp32 tensors that libtorch's autograd tracks: the same
 * towers as inference ({@link TextTower}, {@link VisionTower}), so a trained model is the model
 * that is later loaded. Parameters outside the trainable set keep {@code requires_grad} off.
 */
public final class TrainableClip implements AutoCloseable {
    private final ClipWeights weights;
    private final TextTower text;
    private final VisionTower vision;
    private final Map<String, Tensor> trainable;

    private TrainableClip(ClipWeights weights, Predicate<String> trains) {
        this.weights = weights;
        this.text = new TextTower(weights);
        this.vision = new VisionTower(weights);
        Map<String, Tensor> chosen = new LinkedHashMap<>();
        weights.all().forEach((name, t) -> {
            boolean on = trains.test(name);
            t.set_requires_grad(on);
            if (on) {
                chosen.put(name, t);
            }
        });
        if (chosen.isEmpty()) {
            throw new ClipException("nothing to train: every parameter is frozen");
        }
        this.trainable = chosen;
    }

    /** A model folder's weights as trainable fp32 copies on {@code device}. */
    public static TrainableClip fromModel(Path dir, Device device, Predicate<String> trains) {
        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            ClipConfig config = ClipWeights.configFor(dir, checkpoint);
            try (ClipWeights loaded = ClipWeights.load(checkpoint, config, device, ScalarType.Float)) {
                return new TrainableClip(ClipWeights.of(config, copies(loaded.all())), trains);
            }
        }
    }

    /** Random weights of {@code config} (normal, std 0.02), for training from scratch. */
    public static TrainableClip fromScratch(ClipConfig config, Device device, long seed, Predicate<String> trains) {
        return new TrainableClip(ClipWeights.random(config, device, ScalarType.Float, seed), trains);
    }

    /**
     * Sets the temperature {@code exp(logit_scale)} (CLIP starts at 1/0.07 ≈ 14.3 and learns it
     * up to its cap of 100 over a long run; a short run from scratch can start it higher).
     */
    public TrainableClip withTemperature(double temperature) {
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            logitScale().fill_(new org.bytedeco.pytorch.Scalar(Math.log(temperature)));
        }
        return this;
    }

    /** Owned, contiguous fp32 copies, cut loose from any memory-mapped file. */
    private static Map<String, Tensor> copies(Map<String, Tensor> source) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            source.forEach((name, t) -> {
                Tensor copy = t.to(ScalarType.Float).clone().contiguous();
                copy.retainReference();
                out.put(name, copy);
            });
        }
        return out;
    }

    /** Projected, not normalised, image features for pixels [N, 3, S, S]. */
    public Tensor imageFeatures(Tensor pixels) {
        return vision.forward(pixels);
    }

    /** Projected, not normalised, text features for ids [N, T]. */
    public Tensor textFeatures(Tensor ids) {
        return text.forward(ids);
    }

    /** The learnable temperature parameter (log scale). */
    public Tensor logitScale() {
        return weights.get("logit_scale");
    }

    /** The parameters being trained, by internal name. */
    public Map<String, Tensor> trainable() {
        return trainable;
    }

    /** Every parameter by internal name (what a checkpoint saves). */
    public Map<String, Tensor> parameters() {
        return weights.all();
    }

    /** The configuration. */
    public ClipConfig config() {
        return weights.config();
    }

    /** Which parameters a {@link Freeze} choice trains. */
    public static Predicate<String> trains(Freeze freeze) {
        return switch (freeze) {
            case NONE -> name -> true;
            case TEXT -> name -> !name.startsWith("text_model.") && !name.equals("text_projection.weight");
            case IMAGE -> name -> !name.startsWith("vision_model.") && !name.equals("visual_projection.weight");
            case ALL_BUT_PROJECTIONS -> Set.of("text_projection.weight", "visual_projection.weight", "logit_scale")::contains;
        };
    }

    /** What stays fixed while training. */
    public enum Freeze {
        /** Train everything. */
        NONE,
        /** Freeze the text tower (and its projection). */
        TEXT,
        /** Freeze the vision tower (and its projection). */
        IMAGE,
        /** Train only the two projections and the temperature. */
        ALL_BUT_PROJECTIONS
    }

    /** Frees the parameters. */
    @Override
    public void close() {
        weights.close();
    }
}
