package io.clip4j.cli;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.pipeline.ImageEmbeddingPipeline;
import io.clip4j.train.probe.HeadFile;
import io.clip4j.train.probe.ProbeHead;
import io.clip4j.train.probe.ProbePrediction;
import io.clip4j.zeroshot.Classification;
import io.clip4j.zeroshot.LabelMatch;
import io.clip4j.zeroshot.Prediction;
import io.clip4j.zeroshot.PromptTemplates;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clip4j classify}: labels for image files and directories, zero-shot against any labels,
 * or with {@code --head} from a linear probe trained by {@code clip4j probe} (the head brings its
 * own labels, so the label and template options are then refused).
 */
@Command(name = "classify", description = "Classify images against any labels (zero-shot), or with a probe head; one JSON line per image.")
final class ClassifyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    LabelOptions labelOptions;

    @Option(names = "--head", paramLabel = "FILE",
            description = "A linear-probe head from 'clip4j probe': its labels and probabilities instead of zero-shot.")
    Path head;

    /** At most one way of choosing prompt templates. */
    static final class TemplateChoice {
        @Option(names = "--templates", paramLabel = "F",
                description = "Templates file: one per line with {} for the label, or a JSON array.")
        Path file;

        @Option(names = "--template", paramLabel = "T", description = "One template, e.g. \"a photo of a {}.\"")
        String single;

        @Option(names = "--no-templates", description = "Use each label itself as the prompt.")
        boolean none;
    }

    @ArgGroup(exclusive = true)
    TemplateChoice templateChoice;

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K", description = "Labels per image (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--multi-label", description = "Instead of top-k: every label whose cosine reaches --threshold.")
    boolean multiLabel;

    @Option(names = "--threshold", defaultValue = "0.25", paramLabel = "C",
            description = "Cosine threshold for --multi-label (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Parameters(arity = "1..*", paramLabel = "IMAGE_OR_DIR")
    List<Path> arguments;

    @Override
    public Integer call() {
        OptionChecks.atLeast(spec, "--top-k", topK, 1);
        OptionChecks.between(spec, "--threshold", threshold, -1, 1); // a cosine
        if (head != null) {
            return classifyWithHead();
        }
        List<String> allLabels = labelOptions.all();
        if (allLabels.isEmpty()) {
            throw new ClipException("no labels: give --labels or --labels-file");
        }
        List<Path> inputs = ImageInputs.expand(arguments);
        var out = spec.commandLine().getOut();
        try (ClipModel clip = modelOptions.load();
             ZeroShotClassifier classifier = ZeroShotClassifier.create(clip, allLabels, templates(clip.directory()));
             Progress progress = new Progress("classify", inputs.size())) {
            int failures = EmbeddedImages.forEachBatch(clip, inputs, modelOptions.batchSize, progress,
                    (items, embeddings) -> printBatch(classifier, items, embeddings, out));
            return failures == 0 ? 0 : 1;
        }
    }

    /** {@code --head}: top-k labels and probabilities from the probe head. */
    private int classifyWithHead() {
        if (labelOptions.given() || templateChoice != null || multiLabel) {
            throw new ParameterException(spec.commandLine(), "--head brings its own labels: drop --labels, "
                    + "--labels-file, the template options and --multi-label");
        }
        ProbeHead probe = HeadFile.read(head);
        List<Path> inputs = ImageInputs.expand(arguments);
        var out = spec.commandLine().getOut();
        try (ClipModel clip = modelOptions.load();
             Progress progress = new Progress("classify", inputs.size())) {
            HeadFile.requireFits(head, probe, clip);
            Path name = clip.directory().getFileName();
            if (!probe.model().isEmpty() && name != null && !probe.model().equals(name.toString())) {
                spec.commandLine().getErr().println("warning: head " + head + " was trained on model '"
                        + probe.model() + "', not '" + name + "'");
            }
            int failures = EmbeddedImages.forEachBatch(clip, inputs, modelOptions.batchSize, progress,
                    (items, embeddings) -> printHeadBatch(probe, items, embeddings, out));
            return failures == 0 ? 0 : 1;
        }
    }

    private void printHeadBatch(ProbeHead probe, List<ImageEmbeddingPipeline.Input> items, Embeddings embeddings,
                                java.io.PrintWriter out) {
        List<List<ProbePrediction>> top = embeddings == null ? List.of() : probe.top(embeddings, topK);
        int row = 0;
        for (ImageEmbeddingPipeline.Input item : items) {
            var line = JsonLines.object().put("image", item.path().toString());
            if (!item.ok()) {
                line.put("error", item.error());
            } else {
                var array = line.putArray("predictions");
                for (ProbePrediction p : top.get(row++)) {
                    array.addObject().put("label", p.label()).put("score", p.probability());
                }
            }
            JsonLines.print(out, line);
        }
    }

    /** The chosen templates; by default the model folder's templates.txt, else CLIP's defaults. */
    private PromptTemplates templates(Path modelDir) {
        if (templateChoice == null) {
            return PromptTemplates.forModel(modelDir);
        }
        if (templateChoice.none) {
            return PromptTemplates.none();
        }
        return templateChoice.single != null ? PromptTemplates.single(templateChoice.single)
                : PromptTemplates.read(templateChoice.file);
    }

    private void printBatch(ZeroShotClassifier classifier, List<ImageEmbeddingPipeline.Input> items, Embeddings embeddings,
                            java.io.PrintWriter out) {
        List<Classification> top = List.of();
        List<List<LabelMatch>> matches = List.of();
        if (embeddings != null) {
            if (multiLabel) {
                matches = classifier.classifyMultiLabel(embeddings, Map.of(), threshold);
            } else {
                top = classifier.classify(embeddings, topK);
            }
        }
        int row = 0;
        for (ImageEmbeddingPipeline.Input item : items) {
            var line = JsonLines.object().put("image", item.path().toString());
            if (!item.ok()) {
                line.put("error", item.error());
            } else if (multiLabel) {
                var array = line.putArray("labels");
                for (LabelMatch m : matches.get(row++)) {
                    array.addObject().put("label", m.label()).put("cosine", m.cosine());
                }
            } else {
                var array = line.putArray("predictions");
                for (Prediction p : top.get(row++).top()) {
                    array.addObject().put("label", p.label()).put("score", p.probability()).put("cosine", p.cosine());
                }
            }
            JsonLines.print(out, line);
        }
    }
}
