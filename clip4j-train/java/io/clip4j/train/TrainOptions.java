package io.clip4j.train;

import io.clip4j.ClipException;
import io.clip4j.Precision;

/**
 * How a contrastive run goes. Immutable; build one from the fine-tuning defaults:
 * <pre>{@code TrainOptions.builder().epochs(3).batchSize(32).learningRate(5e-4).precision(Precision.BF16).build()}</pre>
 *
 * @param epochs        passes over the training pairs
 * @param batchSize     pairs per gradient computation (the contrastive batch)
 * @param accumulate    batches whose gradients are summed before each update (1 = none)
 * @param learningRate  peak rate after warm-up
 * @param warmupSteps   updates of linear warm-up, then cosine decay to 0
 * @param weightDecay   AdamW's decoupled decay (not on biases, LayerNorms, embeddings, temperature)
 * @param gradClip      maximum global gradient norm (0 = no clipping)
 * @param freeze        what stays fixed
 * @param augmentation  training-time image augmentation
 * @param seed          shuffling and augmentation seed
 * @param batchOrder    how each epoch's shuffled pairs are arranged into batches
 * @param precision     {@link Precision#FP32}, or {@link Precision#BF16} for the two towers under
 *                      libtorch's autocast (the loss, weights, gradients and optimiser state stay fp32)
 */
public record TrainOptions(int epochs, int batchSize, int accumulate, double learningRate, long warmupSteps,
                           double weightDecay, double gradClip, TrainableClip.Freeze freeze,
                           Augmentation augmentation, long seed, BatchOrder batchOrder, Precision precision) {
    /** A builder holding {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Checks the fields. */
    public TrainOptions {
        if (epochs < 1 || batchSize < 2 || accumulate < 1) {
            throw new ClipException("epochs and accumulate must be at least 1 and batch size at least 2 (a contrastive batch)");
        }
        if (!(learningRate > 0) || warmupSteps < 0 || weightDecay < 0 || gradClip < 0) {
            throw new ClipException("learning rate must be positive; warm-up, weight decay and clipping not negative");
        }
        Autocast.check(java.util.Objects.requireNonNull(precision, "precision"));
    }

    /**
     * Fine-tuning defaults: 5 epochs, batch 64, no accumulation, lr 1e-5, 50 warm-up updates, decay
     * 0.1, clip 1.0, nothing frozen, no augmentation, seed 0, shuffled batches, fp32.
     */
    public static TrainOptions defaults() {
        return new TrainOptions(5, 64, 1, 1e-5, 50, 0.1, 1.0, TrainableClip.Freeze.NONE, Augmentation.none(), 0,
                BatchOrder.SHUFFLED, Precision.FP32);
    }

    /** Sets fields by name; {@link #build()} checks them. */
    public static final class Builder {
        private int epochs;
        private int batchSize;
        private int accumulate;
        private double learningRate;
        private long warmupSteps;
        private double weightDecay;
        private double gradClip;
        private TrainableClip.Freeze freeze;
        private Augmentation augmentation;
        private long seed;
        private BatchOrder batchOrder;
        private Precision precision;

        private Builder(TrainOptions o) {
            epochs = o.epochs;
            batchSize = o.batchSize;
            accumulate = o.accumulate;
            learningRate = o.learningRate;
            warmupSteps = o.warmupSteps;
            weightDecay = o.weightDecay;
            gradClip = o.gradClip;
            freeze = o.freeze;
            augmentation = o.augmentation;
            seed = o.seed;
            batchOrder = o.batchOrder;
            precision = o.precision;
        }

        /** Passes over the training pairs. */
        public Builder epochs(int v) { epochs = v; return this; }
        /** Pairs per gradient computation. */
        public Builder batchSize(int v) { batchSize = v; return this; }
        /** Batches summed before each update. */
        public Builder accumulate(int v) { accumulate = v; return this; }
        /** Peak learning rate. */
        public Builder learningRate(double v) { learningRate = v; return this; }
        /** Updates of linear warm-up. */
        public Builder warmupSteps(long v) { warmupSteps = v; return this; }
        /** AdamW's decoupled weight decay. */
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        /** Maximum global gradient norm (0: none). */
        public Builder gradClip(double v) { gradClip = v; return this; }
        /** What stays fixed. */
        public Builder freeze(TrainableClip.Freeze v) { freeze = v; return this; }
        /** Training-time image augmentation. */
        public Builder augmentation(Augmentation v) { augmentation = v; return this; }
        /** Shuffling and augmentation seed. */
        public Builder seed(long v) { seed = v; return this; }
        /** How each epoch's pairs are arranged into batches. */
        public Builder batchOrder(BatchOrder v) { batchOrder = v; return this; }
        /** FP32, or BF16 for the towers under autocast. */
        public Builder precision(Precision v) { precision = v; return this; }

        /** The options, checked. */
        public TrainOptions build() {
            return new TrainOptions(epochs, batchSize, accumulate, learningRate, warmupSteps, weightDecay, gradClip, freeze,
                    augmentation, seed, batchOrder, precision);
        }
    }
}
