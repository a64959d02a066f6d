package io.clip4j.train.probe;

/**
 * How a linear probe is trained.
 *
 * <p>The defaults suit L2-normalised CLIP embeddings: a unit-length input needs weights much
 * larger than 1 to give confident logits, and full-batch Adam at {@code 0.05} with a cosine decay
 * gets there within 500 steps (each step is one pass over the training set, so this is cheap
 * beside embedding the images); {@code 1e-4} keeps the weights from growing without bound when the
 * classes are separable (with a few hundred images and hundreds of dimensions they usually are)
 * while barely biasing a probe that needs large weights. Tune {@code weightDecay} on the
 * validation accuracy for real datasets, as the CLIP paper's probes do.
 *
 * @param validationFraction fraction of distinct images held out for validation, in [0, 1)
 * @param seed               the seed of the train/validation split (training itself starts from
 *                           zero weights and uses the whole training set each step, so the
 *                           split is the only random choice)
 * @param steps              full-batch optimiser steps, at least 1
 * @param learningRate       Adam's peak step size, decayed to 0 along a cosine over the steps
 * @param weightDecay        λ of the L2 penalty {@code λ/2·‖W‖²} added to the mean cross-entropy
 *                           (the bias is not penalised); 0 turns it off
 */
public record ProbeOptions(double validationFraction, long seed, int steps, double learningRate, double weightDecay) {
    /** Checks the fields. */
    public ProbeOptions {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be a number >= 0, got " + weightDecay);
        }
    }

    /** 20% validation, seed 0, 500 steps, learning rate 0.05, weight decay 1e-4. */
    public static ProbeOptions defaults() {
        return new ProbeOptions(0.2, 0, 500, 0.05, 1e-4);
    }

    /** These options with another validation fraction. */
    public ProbeOptions withValidationFraction(double fraction) {
        return new ProbeOptions(fraction, seed, steps, learningRate, weightDecay);
    }

    /** These options with another split seed. */
    public ProbeOptions withSeed(long newSeed) {
        return new ProbeOptions(validationFraction, newSeed, steps, learningRate, weightDecay);
    }

    /** These options with another number of steps. */
    public ProbeOptions withSteps(int newSteps) {
        return new ProbeOptions(validationFraction, seed, newSteps, learningRate, weightDecay);
    }

    /** These options with another peak learning rate. */
    public ProbeOptions withLearningRate(double rate) {
        return new ProbeOptions(validationFraction, seed, steps, rate, weightDecay);
    }

    /** These options with another L2 penalty. */
    public ProbeOptions withWeightDecay(double decay) {
        return new ProbeOptions(validationFraction, seed, steps, learningRate, decay);
    }
}
