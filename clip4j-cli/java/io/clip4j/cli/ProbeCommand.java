package io.clip4j.cli;

import io.clip4j.ClipModel;
import io.clip4j.train.data.CaptionDataset;
import io.clip4j.train.data.CaptionDatasets;
import io.clip4j.train.data.DatasetOptions;
import io.clip4j.train.data.Sample;
import io.clip4j.train.probe.HeadFile;
import io.clip4j.train.probe.LinearProbe;
import io.clip4j.train.probe.ProbeOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code clip4j probe}: trains a linear probe on a labelled dataset with a frozen model, saves the
 * head, and prints the report (accuracies, per-class counts, validation confusion matrix) as one
 * JSON line. Progress goes to stderr.
 */
@Command(name = "probe", description = "Train a linear probe (logistic regression on frozen image embeddings) "
        + "on labelled images; saves the head and prints a JSON report.")
final class ProbeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    /** Exactly one data source. */
    static final class Source {
        @Option(names = "--train", paramLabel = "CSV", description = "CSV of path,caption,label rows (header optional).")
        Path csv;

        @Option(names = "--folder", paramLabel = "ROOT", description = "Labelled folder: ROOT/<label>/<image>.")
        Path folder;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--label-column", defaultValue = "label", paramLabel = "NAME",
            description = "The CSV header's label column (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--skip-bad", description = "Drop rows whose image is missing or broken instead of failing.")
    boolean skipBad;

    @Option(names = "--val-fraction", defaultValue = "0.2", paramLabel = "F",
            description = "Fraction of images held out for validation (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"--steps", "--epochs"}, defaultValue = "500", paramLabel = "N",
            description = "Full-batch optimiser steps; each sees every training image (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "0.05", paramLabel = "R", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--weight-decay", defaultValue = "1e-4", paramLabel = "L",
            description = "L2 penalty λ/2·‖W‖² on the weights (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--out", required = true, paramLabel = "HEAD_FILE",
            description = "Where to save the head, e.g. DIR/head.safetensors.")
    Path out;

    @Override
    public Integer call() {
        ProbeOptions options;
        try {
            options = new ProbeOptions(validationFraction, seed, steps, learningRate, weightDecay);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        DatasetOptions read = DatasetOptions.defaults().withLabelColumn(labelColumn).withSkipBad(skipBad);
        CaptionDataset dataset = source.csv != null ? CaptionDatasets.readCsv(source.csv, read)
                : CaptionDatasets.readFolder(source.folder, read);
        try (ClipModel clip = modelOptions.load();
             Progress progress = new Progress("embed", dataset.samples().stream().map(Sample::image).distinct().count())) {
            LinearProbe.Result result = LinearProbe.train(clip, dataset, options, progress::step);
            HeadFile.write(out, result.head());
            var line = result.report().toJsonNode();
            line.put("head", out.toString());
            JsonLines.print(spec.commandLine().getOut(), line);
        }
        return 0;
    }
}
