package io.clip4j.train;

import io.clip4j.image.PreprocessConfig;
import io.clip4j.image.Preprocessor;
import io.clip4j.text.ClipTokenizer;
import io.clip4j.train.data.Sample;
import io.clip4j.zeroshot.PromptTemplates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Contrastive training of a {@link TrainableClip} on image–caption pairs: shuffled batches
 * (seeded per epoch, so a resumed run sees the same order), the symmetric loss, gradient
 * accumulation and clipping, AdamW on a warm-up-then-cosine schedule, the temperature clamped
 * as in CLIP, optionally the forward pass in bf16 under autocast, and a validation pass (fp32)
 * after every epoch.
 */
public final class ClipTrainer implements AutoCloseable {
    /** Called after each epoch with the optimiser, e.g. to write a checkpoint. */
    @FunctionalInterface
    public interface EpochEnd {
        void accept(EpochReport report, AdamW optimizer);
    }

    private final TrainableClip model;
    private final TrainOptions options;
    private final PairBatches batches;
    private final AdamW optimizer;
    private final Device device;

    /** A trainer for {@code model}; its images are preprocessed as {@code preprocessing} says. */
    public ClipTrainer(TrainableClip model, ClipTokenizer tokenizer, PreprocessConfig preprocessing, Device device,
                       TrainOptions options) {
        this.model = model;
        this.options = options;
        this.batches = new PairBatches(new Preprocessor(preprocessing), tokenizer, device, options.augmentation());
        this.optimizer = new AdamW(model.trainable(), options.weightDecay());
        this.device = device;
    }

    /** The optimiser (to restore its state before {@link #fit} when resuming). */
    public AdamW optimizer() {
        return optimizer;
    }

    /** Updates per epoch: full batches only (a short last batch would change the contrastive task). */
    public long updatesPerEpoch(int trainSize) {
        return Math.max(1, trainSize / options.batchSize() / options.accumulate());
    }

    /**
     * Trains from epoch {@code firstEpoch} (1-based; above 1 when resuming, with the optimiser
     * already restored) to {@code options.epochs()}.
     */
    public List<EpochReport> fit(List<Sample> train, List<Sample> validation, PromptTemplates templates, int firstEpoch,
                                 TrainingListener listener, EpochEnd epochEnd) {
        if (train.size() < options.batchSize()) {
            throw new io.clip4j.ClipException("the training set has " + train.size() + " pairs, fewer than one batch of "
                    + options.batchSize());
        }
        long perEpoch = updatesPerEpoch(train.size());
        LearningRate schedule = new LearningRate(options.learningRate(), options.warmupSteps(), perEpoch * options.epochs());
        List<EpochReport> reports = new ArrayList<>();
        for (int epoch = firstEpoch; epoch <= options.epochs(); epoch++) {
            Random random = new Random(options.seed() * 1_000_003L + epoch);
            List<Sample> order = new ArrayList<>(train);
            Collections.shuffle(order, random);
            order = options.batchOrder().arrange(order, options.batchSize(), random);
            long start = System.nanoTime();
            double lossSum = 0;
            int lossCount = 0;
            int images = 0;
            int batchesPerUpdate = options.accumulate();
            optimizer.zeroGrad();
            for (long update = 0; update < perEpoch; update++) {
                for (int micro = 0; micro < batchesPerUpdate; micro++) {
                    int from = (int) ((update * batchesPerUpdate + micro) * options.batchSize());
                    List<Sample> part = order.subList(from, from + options.batchSize());
                    lossSum += backward(part, random, batchesPerUpdate);
                    lossCount++;
                    images += part.size();
                }
                double lr = schedule.at(optimizer.steps());
                optimizer.clipGradients(options.gradClip());
                optimizer.step(lr);
                AdamW.clampTemperature(model.logitScale());
                optimizer.zeroGrad();
                double seconds = (System.nanoTime() - start) / 1e9;
                listener.onStep(optimizer.steps(), perEpoch * options.epochs(), lossSum / lossCount, lr, images / seconds);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation evaluation = validation.isEmpty() ? null
                    : Evaluation.run(model, batches, validation, options.batchSize(), templates);
            EpochReport report = new EpochReport(epoch, optimizer.steps(), lossSum / lossCount,
                    schedule.at(Math.max(0, optimizer.steps() - 1)), images / seconds, seconds, temperature(), evaluation);
            reports.add(report);
            listener.onEpoch(report);
            if (epochEnd != null) {
                epochEnd.accept(report, optimizer);
            }
        }
        return reports;
    }

    /** Forward and backward for one batch (its loss scaled for accumulation); returns the unscaled loss. */
    private double backward(List<Sample> part, Random random, int accumulate) {
        try (PointerScope scope = new PointerScope()) {
            Tensor pixels = batches.pixels(part, options.augmentation().isNone() ? null : random);
            List<String> captions = PairBatches.captions(part);
            Tensor ids = batches.ids(captions);
            Tensor images;
            Tensor texts;
            // Only the towers run in the region; backward runs outside it, as with torch.autocast.
            try (Autocast mixed = Autocast.open(device, options.precision())) {
                images = model.imageFeatures(pixels);
                texts = model.textFeatures(ids);
            }
            // The loss in fp32 whatever the towers ran in: a softmax over the batch needs the precision.
            Tensor loss = ContrastiveLoss.of(images.to(ScalarType.Float), texts.to(ScalarType.Float), model.logitScale(),
                    captions);
            loss.div(new Scalar((double) accumulate)).backward();
            return loss.item_double();
        }
    }

    /** Evaluates the model as it is now. */
    public Evaluation evaluate(List<Sample> validation, PromptTemplates templates) {
        return Evaluation.run(model, batches, validation, options.batchSize(), templates);
    }

    private double temperature() {
        try (PointerScope scope = new PointerScope()) {
            return Math.exp(model.logitScale().item_double());
        }
    }

    /** Frees the optimiser state (the model belongs to the caller). */
    @Override
    public void close() {
        optimizer.close();
    }
}
