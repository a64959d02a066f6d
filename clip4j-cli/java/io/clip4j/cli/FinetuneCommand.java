package io.clip4j.cli;

import io.clip4j.ClipException;
import io.clip4j.Devices;
import io.clip4j.Precision;
import io.clip4j.image.PreprocessConfig;
import io.clip4j.CheckpointWriter;
import io.clip4j.model.ClipConfig;
import io.clip4j.text.ClipTokenizer;
import io.clip4j.train.Augmentation;
import io.clip4j.train.ClipTrainer;
import io.clip4j.train.TrainOptions;
import io.clip4j.train.TrainableClip;
import io.clip4j.train.TrainingListener;
import io.clip4j.train.TrainingRecord;
import io.clip4j.train.TrainingState;
import io.clip4j.train.data.CaptionDataset;
import io.clip4j.train.data.CaptionDatasets;
import io.clip4j.train.data.DatasetOptions;
import io.clip4j.train.data.Split;
import io.clip4j.zeroshot.PromptTemplates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.pytorch.Device;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clip4j finetune}: contrastive training on image–caption pairs from a model folder (or
 * from scratch with a configuration and a tokenizer), writing a Hugging Face-layout checkpoint
 * after every epoch, resumable.
 */
@Command(name = "finetune", description = "Contrastive fine-tuning (or training from scratch) on image-caption pairs; "
        + "one JSON line per epoch, a checkpoint in Hugging Face layout after each.")
final class FinetuneCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static final class Start {
        @Option(names = "--model", paramLabel = "DIR", description = "Model folder to fine-tune.")
        Path model;

        @Option(names = "--resume", paramLabel = "DIR", description = "A checkpoint written by an earlier run (--out): continue it.")
        Path resume;

        @Option(names = "--scratch-config", paramLabel = "FILE",
                description = "Train from scratch: a config.json (Hugging Face CLIP layout); needs --tokenizer.")
        Path scratchConfig;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Start start;

    @Option(names = "--tokenizer", paramLabel = "DIR", description = "Tokenizer files for --scratch-config (e.g. from train-tokenizer).")
    Path tokenizerDir;

    @Option(names = "--train", required = true, paramLabel = "CSV_OR_DIR",
            description = "Training pairs: a CSV (path, caption[, label]) or a labelled folder root/<label>/*.jpg.")
    Path train;

    @Option(names = "--val", paramLabel = "CSV_OR_DIR", description = "Validation pairs (default: --val-fraction of --train).")
    Path val;

    @Option(names = "--val-fraction", defaultValue = "0.1", paramLabel = "F", description = "Held out of --train when there is no --val.")
    double valFraction;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Checkpoint folder (written after each epoch).")
    Path out;

    @Option(names = "--epochs", defaultValue = "5", paramLabel = "N")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "B", description = "Pairs per contrastive batch.")
    int batchSize;

    @Option(names = "--accumulate", defaultValue = "1", paramLabel = "K", description = "Batches per update (gradient accumulation).")
    int accumulate;

    @Option(names = "--lr", defaultValue = "1e-5", paramLabel = "LR", description = "Peak learning rate.")
    double lr;

    @Option(names = "--warmup", defaultValue = "50", paramLabel = "STEPS", description = "Linear warm-up updates, then cosine.")
    long warmup;

    @Option(names = "--weight-decay", defaultValue = "0.1", paramLabel = "WD")
    double weightDecay;

    @Option(names = "--grad-clip", defaultValue = "1.0", paramLabel = "NORM", description = "Global gradient norm limit (0: none).")
    double gradClip;

    @Option(names = "--freeze", defaultValue = "none", paramLabel = "WHAT",
            description = "none, text, image, or projections (train only the two projections and the temperature).")
    String freeze;

    @Option(names = "--augment", description = "Random resized crop and horizontal flip while training.")
    boolean augment;

    @Option(names = "--templates", paramLabel = "FILE",
            description = "Prompt templates for the zero-shot validation (and copied into the checkpoint).")
    Path templates;

    @Option(names = "--skip-bad", description = "Drop bad rows (reported on stderr) instead of stopping.")
    boolean skipBad;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S")
    long seed;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "D", description = "cpu, cuda or cuda:N.")
    String device;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "P",
            description = "fp32 (default), or bf16: the two towers under libtorch's autocast; the loss, weights and optimiser in fp32.")
    String precision;

    @Override
    public Integer call() {
        Device target = Devices.open(device);
        TrainableClip.Freeze frozen = parseFreeze(freeze);
        TrainOptions options = TrainOptions.builder().epochs(epochs).batchSize(batchSize).accumulate(accumulate).learningRate(lr)
                .warmupSteps(warmup).weightDecay(weightDecay).gradClip(gradClip).freeze(frozen)
                .augmentation(augment ? Augmentation.standard() : Augmentation.none()).seed(seed)
                .precision(Precision.parse(precision)).build();
        Split split = split();
        Path source = start.model != null ? start.model : start.resume;
        if (start.scratchConfig != null && tokenizerDir == null) {
            throw new ClipException("--scratch-config needs --tokenizer DIR");
        }
        ClipTokenizer tokenizer = ClipTokenizer.fromModelDir(source != null ? source : tokenizerDir);
        long began = System.nanoTime();
        try (TrainableClip model = source != null ? TrainableClip.fromModel(source, target, TrainableClip.trains(frozen))
                : TrainableClip.fromScratch(ClipConfig.read(start.scratchConfig), target, seed, TrainableClip.trains(frozen))) {
            int imageSize = model.config().vision().imageSize();
            PreprocessConfig preprocessing = source != null ? PreprocessConfig.forModel(source, imageSize)
                    : PreprocessConfig.defaults(imageSize);
            Path templateFile = templates != null ? templates
                    : source != null && Files.exists(source.resolve(PromptTemplates.MODEL_FILE)) ? source.resolve(PromptTemplates.MODEL_FILE) : null;
            PromptTemplates prompts = templateFile != null ? PromptTemplates.read(templateFile) : PromptTemplates.single("a {}");
            CheckpointWriter writer = CheckpointWriter.to(out).preprocessing(preprocessing)
                    .tokenizerFrom(source != null ? source : tokenizerDir).templates(templateFile);
            try (ClipTrainer trainer = new ClipTrainer(model, tokenizer, preprocessing, target, options);
                 Progress progress = new Progress("finetune", trainer.updatesPerEpoch(split.train().size()) * epochs)) {
                int firstEpoch = 1;
                if (start.resume != null) {
                    if (!TrainingState.existsIn(start.resume)) {
                        throw new ClipException(start.resume + " has no " + TrainingState.FILE + " to resume from");
                    }
                    firstEpoch = TrainingState.restore(start.resume, trainer.optimizer()).epoch() + 1;
                }
                TrainingRecord record = new TrainingRecord(new TrainingListener() {
                    @Override
                    public void onStep(long step, long total, double loss, double rate, double imagesPerSecond) {
                        progress.update(step, String.format(Locale.ROOT, "loss %.3f lr %.2e %.0f img/s", loss, rate, imagesPerSecond));
                    }
                });
                trainer.fit(split.train(), split.validation(), prompts, firstEpoch, record, (report, optimizer) -> {
                    JsonLines.print(spec.commandLine().getOut(), report);
                    writer.write(model.config(), model.parameters());
                    TrainingState.save(out, optimizer, report.epoch());
                });
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("command", "clip4j finetune " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
                extra.put("seed", seed);
                extra.put("train_pairs", split.train().size());
                extra.put("validation_pairs", split.validation().size());
                extra.put("seconds", (System.nanoTime() - began) / 1e9);
                Files.createDirectories(out);
                record.write(out, extra);
            }
        } catch (java.io.IOException e) {
            throw new ClipException("cannot write into " + out + ": " + e.getMessage());
        }
        return 0;
    }

    private Split split() {
        DatasetOptions options = DatasetOptions.defaults().withSkipBad(skipBad);
        CaptionDataset trainSet = read(train, options);
        if (val != null) {
            return new Split(trainSet.samples(), read(val, options).samples());
        }
        return Split.of(trainSet.samples(), valFraction, seed);
    }

    private CaptionDataset read(Path path, DatasetOptions options) {
        CaptionDataset data = Files.isDirectory(path) ? CaptionDatasets.readFolder(path, options)
                : CaptionDatasets.readCsv(path, options);
        if (!data.report().ok()) {
            spec.commandLine().getErr().println("finetune: " + data.report().problems().size() + " bad rows skipped in " + path);
        }
        return data;
    }

    static TrainableClip.Freeze parseFreeze(String text) {
        return switch (text) {
            case "none" -> TrainableClip.Freeze.NONE;
            case "text" -> TrainableClip.Freeze.TEXT;
            case "image" -> TrainableClip.Freeze.IMAGE;
            case "projections" -> TrainableClip.Freeze.ALL_BUT_PROJECTIONS;
            default -> throw new ClipException("--freeze must be none, text, image or projections, not '" + text + "'");
        };
    }
}
