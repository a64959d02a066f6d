package io.clip4j.cli;

import io.clip4j.train.ShapesDemo;
import io.clip4j.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clip4j shapes demo}: regenerates the demo model (data, tokenizer, training, zero-shot test). */
@Command(name = "demo", description = {"Build the shapes demo model from nothing: draw the data, learn a tokenizer, "
        + "train a small CLIP from scratch, and test zero-shot on held-out colour-shape pairs."})
final class ShapesDemoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the model goes (e.g. models/shapes-demo).")
    Path out;

    @Option(names = "--train-images", paramLabel = "N") Integer trainImages;
    @Option(names = "--epochs", paramLabel = "N") Integer epochs;
    @Option(names = "--batch-size", paramLabel = "B") Integer batchSize;
    @Option(names = "--lr", paramLabel = "LR") Double lr;
    @Option(names = "--width", paramLabel = "W") Integer width;
    @Option(names = "--layers", paramLabel = "L") Integer layers;
    @Option(names = "--seed", paramLabel = "S") Long seed;
    @Option(names = "--patch", paramLabel = "P") Integer patch;
    @Option(names = "--input-size", paramLabel = "PX", description = "Side the model sees (images are drawn at 64 and resized).") Integer inputSize;
    @Option(names = "--stem", split = ",", paramLabel = "C", description = "Channels of the convolutional stem, comma-separated (2^count must equal --patch; 0 for none).") java.util.List<Integer> stem;
    @Option(names = "--temperature", paramLabel = "T", description = "Starting temperature exp(logit_scale).") Double temperature;
    @Option(names = "--short-captions", paramLabel = "SHARE", description = "Share of training captions in the short form \"a red triangle\".") Double shortShare;
    @Option(names = "--shades", paramLabel = "SPREAD", description = "Shade spread of the training shapes' colours (0: exact colours).") Double shades;
    @Option(names = "--outline", negatable = true, description = "Outline every shape in cyan, the same for every colour.") Boolean outline;
    @Option(names = "--weight-decay", paramLabel = "WD", description = "AdamW's decoupled weight decay.") Double weightDecay;
    @Option(names = "--templates", split = "\\|", paramLabel = "T", description = "Prompt templates, |-separated (default: the demo's).") java.util.List<String> templates;

    @Override
    public Integer call() throws IOException {
        ShapesDemo.Settings d = ShapesDemo.Settings.defaults();
        ShapesDemo.Settings s = new ShapesDemo.Settings(or(trainImages, d.trainImages()), d.validationImages(),
                d.testImages(), or(epochs, d.epochs()), or(batchSize, d.batchSize()), or(lr, d.learningRate()),
                or(inputSize, d.inputSize()),
                or(width, d.width()), or(layers, d.layers()), d.heads(), or(patch, d.patch()),
                stem == null ? d.stem() : stem.equals(java.util.List.of(0)) ? java.util.List.of() : stem, d.projection(), d.vocabSize(),
                or(shortShare, d.shortCaptionShare()), or(templates, d.templates()), or(temperature, d.temperature()),
                or(shades, d.shadeSpread()), or(outline, d.outline()), or(weightDecay, d.weightDecay()), or(seed, d.seed()));
        Path work = Files.createTempDirectory("clip4j-shapes-demo");
        var err = spec.commandLine().getErr();
        try {
            ShapesDemo.Result result = ShapesDemo.build(out, work, s, new TrainingListener() {
                @Override
                public void onStep(long step, long total, double loss, double rate, double imagesPerSecond) {
                    if (step % 20 == 0) {
                        err.printf(Locale.ROOT, "step %d/%d loss %.3f lr %.2e %.0f img/s%n", step, total, loss, rate, imagesPerSecond);
                    }
                }

                @Override
                public void onEpoch(io.clip4j.train.EpochReport report) {
                    JsonLines.print(spec.commandLine().getOut(), report);
                }
            });
            JsonLines.print(spec.commandLine().getOut(), result);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
