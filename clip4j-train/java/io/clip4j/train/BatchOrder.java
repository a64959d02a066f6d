package io.clip4j.train;

import io.clip4j.train.data.Sample;
import java.util.List;
import java.util.Random;

/**
 * Arranges an epoch's shuffled pairs into batches (consecutive runs of {@code batchSize}). The
 * contrastive loss only learns what tells a batch's pairs apart, so which pairs share a batch
 * decides what the model must learn: see {@link HardNegativeBatches}.
 */
@FunctionalInterface
public interface BatchOrder {
    /** Keep the shuffled order. */
    BatchOrder SHUFFLED = (samples, batchSize, random) -> samples;

    /** The pairs in training order; same elements as {@code shuffled}. */
    List<Sample> arrange(List<Sample> shuffled, int batchSize, Random random);
}
