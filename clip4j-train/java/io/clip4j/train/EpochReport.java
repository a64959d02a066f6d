package io.clip4j.train;

/** One epoch: training loss and speed, then what the validation pass measured. */
public record EpochReport(int epoch, long step, double trainLoss, double learningRate, double imagesPerSecond,
                          double seconds, double temperature, Evaluation validation) {
}
