package io.clip4j.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A deterministic training/validation split.
 *
 * <p>The split is by <em>image</em>, not by row: all captions of one image land in the same part,
 * so that a validation loss never scores an image the model was trained on under another caption
 * (COCO-style datasets list each image five times). {@code validationFraction} is therefore the
 * fraction of distinct images, rounded to the nearest whole image.
 *
 * <p>Images are shuffled with {@link Random} (whose algorithm the JDK specifies, so the result is
 * the same on every JVM) seeded with {@code seed}, using a Fisher–Yates shuffle written here rather
 * than {@code Collections.shuffle}, whose use of the generator is not part of its contract. The
 * same samples in the same order and the same seed always give the same split; both parts keep
 * the input order.
 *
 * @param train      samples to train on
 * @param validation samples held out for validation
 */
public record Split(List<Sample> train, List<Sample> validation) {
    /** Copies the lists. */
    public Split {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    /**
     * Splits samples by image.
     *
     * @param samples            the samples, e.g. {@link CaptionDataset#samples()}
     * @param validationFraction fraction of distinct images held out, in [0, 1]
     * @param seed               the shuffle's seed
     * @return every sample in exactly one of the two parts
     * @throws IllegalArgumentException if the fraction is outside [0, 1] or not a number
     */
    public static Split of(List<Sample> samples, double validationFraction, long seed) {
        Objects.requireNonNull(samples, "samples");
        if (!(validationFraction >= 0 && validationFraction <= 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1], got " + validationFraction);
        }
        Map<Path, Integer> imageIndex = new LinkedHashMap<>();
        for (Sample s : samples) {
            imageIndex.putIfAbsent(s.image(), imageIndex.size());
        }
        int images = imageIndex.size();
        int[] order = new int[images];
        for (int i = 0; i < images; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = images - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int held = (int) Math.round(validationFraction * images);
        boolean[] validation = new boolean[images];
        for (int k = 0; k < held; k++) {
            validation[order[k]] = true;
        }
        List<Sample> trainPart = new ArrayList<>();
        List<Sample> validationPart = new ArrayList<>();
        for (Sample s : samples) {
            (validation[imageIndex.get(s.image())] ? validationPart : trainPart).add(s);
        }
        return new Split(trainPart, validationPart);
    }
}
