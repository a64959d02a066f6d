package io.clip4j.train;

/** Hears about a run's progress (the CLI draws a progress bar and prints the epoch lines). */
public interface TrainingListener {
    /** After each update: its number (1-based) out of {@code totalSteps}. */
    default void onStep(long step, long totalSteps, double loss, double learningRate, double imagesPerSecond) {
    }

    /** After each epoch's validation. */
    default void onEpoch(EpochReport report) {
    }
}
