package io.clip4j.cli;

import io.clip4j.zeroshot.ClassNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Zero-shot labels from the command line: {@code --labels} and {@code --labels-file}, together. */
final class LabelOptions {
    @Option(names = "--labels", split = ",", paramLabel = "L1,L2", description = "Labels, comma-separated.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--labels-file", paramLabel = "F", description = "More labels, one per line.")
    Path labelsFile;

    /** Whether either option was given. */
    boolean given() {
        return !labels.isEmpty() || labelsFile != null;
    }

    /** The labels of {@code --labels} (trimmed), then those of {@code --labels-file}; may be empty. */
    List<String> all() {
        List<String> all = new ArrayList<>(labels.stream().map(String::strip).toList());
        if (labelsFile != null) {
            all.addAll(ClassNames.read(labelsFile));
        }
        return all;
    }
}
