package io.clip4j.train.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A validated dataset: the usable samples, in file order, and the report that says what was
 * dropped (only ever non-empty with {@link DatasetOptions#skipBad()}).
 *
 * @param source  the CSV file or labelled-folder root
 * @param samples the usable samples; never empty
 * @param report  what validation found
 */
public record CaptionDataset(Path source, List<Sample> samples, ValidationReport report) {
    /** Checks the fields and copies the list. */
    public CaptionDataset {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(report, "report");
        samples = List.copyOf(samples);
    }

    /** How many samples there are. */
    public int size() {
        return samples.size();
    }

    /** The distinct labels in sorted order, for a linear probe's classes; empty when unlabelled. */
    public List<String> labels() {
        TreeSet<String> labels = new TreeSet<>();
        for (Sample s : samples) {
            if (s.label() != null) {
                labels.add(s.label());
            }
        }
        return List.copyOf(labels);
    }
}
