package io.clip4j.train;

import io.clip4j.ClipException;
import io.clip4j.Precision;

/**
 * How a contrastive run goes.
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
    /** A shorter form with the batches as shuffled. */
    public TrainOptions(int epochs, int batchSize, int accumulate, double learningRate, long warmupSteps,
                        double weightDecay, double gradClip, TrainableClip.Freeze freeze, Augmentation augmentation, long seed) {
        this(epochs, batchSize, accumulate, learningRate, warmupSteps, weightDecay, gradClip, freeze, augmentation, seed,
                BatchOrder.SHUFFLED, Precision.FP32);
    }

    /** A copy whose epochs arrange their batches with {@code order}. */
    public TrainOptions withBatchOrder(BatchOrder order) {
        return new TrainOptions(epochs, batchSize, accumulate, learningRate, warmupSteps, weightDecay, gradClip, freeze,
                augmentation, seed, order, precision);
    }

    /** A copy whose forward passes run in {@code mixed} under autocast (bf16; fp32 for none). */
    public TrainOptions withPrecision(Precision mixed) {
        return new TrainOptions(epochs, batchSize, accumulate, learningRate, warmupSteps, weightDecay, gradClip, freeze,
                augmentation, seed, batchOrder, mixed);
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

    /** Fine-tuning defaults: 5 epochs, batch 64, lr 1e-5, 50 warm-up updates, decay 0.1, clip 1.0. */
    public static TrainOptions defaults() {
        return new TrainOptions(5, 64, 1, 1e-5, 50, 0.1, 1.0, TrainableClip.Freeze.NONE, Augmentation.none(), 0);
    }
}
