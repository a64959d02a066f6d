package io.clip4j.train;

/**
 * Linear warm-up from 0 to the peak rate, then a cosine decay to 0 at the last step: a function
 * of the step alone, so a resumed run continues the same curve.
 */
public record LearningRate(double peak, long warmupSteps, long totalSteps) {
    /** The rate for update number {@code step} (0-based). */
    public double at(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        long decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        return peak * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
