package io.clip4j.train.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One training pair: an image file and the sentence that describes it.
 *
 * @param image   the image file, absolute and normalised (a CSV's relative path is resolved against
 *                the CSV file's folder)
 * @param caption the caption, stripped of surrounding white space
 * @param label   the class label for linear probes, or {@code null} when the source has none (a CSV
 *                without a label column, or an empty label field)
 * @param line    where the pair came from: the 1-based line of the CSV where its row starts, or 0
 *                for a labelled folder
 */
public record Sample(Path image, String caption, String label, int line) {
    /** Checks the fields; {@code label} may be {@code null}. */
    public Sample {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(caption, "caption");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, got " + line);
        }
    }
}
