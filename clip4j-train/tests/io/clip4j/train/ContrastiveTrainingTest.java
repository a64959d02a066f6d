package io.clip4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.Fixtures;
import io.clip4j.Precision;
import io.clip4j.image.PreprocessConfig;
import io.clip4j.shapes.PairSet;
import io.clip4j.shapes.ShapesGenerator;
import io.clip4j.text.ClipTokenizer;
import io.clip4j.train.data.CaptionDatasets;
import io.clip4j.train.data.Sample;
import io.clip4j.train.data.Split;
import io.clip4j.zeroshot.PromptTemplates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Contrastive fine-tuning of the tiny fixture on generated shapes, and the pieces it is made of. */
class ContrastiveTrainingTest {
    @TempDir
    static Path data;
    static Split split;

    @BeforeAll
    static void shapes() {
        ShapesGenerator.generate(data.resolve("shapes"), 320, 7, PairSet.SEEN, 64);
        List<Sample> samples = CaptionDatasets.readCsv(data.resolve("shapes/data.csv")).samples();
        split = Split.of(samples, 0.2, 0);
    }

    /** In fp32, and in bf16 under autocast (which libtorch also runs on the CPU). */
    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "BF16"})
    void aShortFineTuneLowersTheValidationLoss(Precision precision) {
        Device cpu = new Device("cpu");
        TrainOptions options = TrainOptions.builder().epochs(3).batchSize(32).learningRate(5e-4).warmupSteps(5)
                .precision(precision).build();
        List<EpochReport> reports = new ArrayList<>();
        double before;
        try (TrainableClip model = TrainableClip.fromModel(Fixtures.TINY_CLIP, cpu, TrainableClip.trains(TrainableClip.Freeze.NONE));
             ClipTrainer trainer = new ClipTrainer(model, ClipTokenizer.fromModelDir(Fixtures.TINY_CLIP),
                     PreprocessConfig.forModel(Fixtures.TINY_CLIP, 64), cpu, options)) {
            before = trainer.evaluate(split.validation(), PromptTemplates.single("a {}")).loss();
            reports.addAll(trainer.fit(split.train(), split.validation(), PromptTemplates.single("a {}"), 1,
                    new TrainingListener() { }, null));
            assertEquals(3 * (split.train().size() / 32), trainer.optimizer().steps());
            model.parameters().forEach((name, tensor) -> assertEquals(ScalarType.Float, tensor.scalar_type().intern(),
                    name + ": the weights stay fp32 under autocast"));
        }
        double after = reports.get(reports.size() - 1).validation().loss();
        System.out.printf("tiny fixture on %d shape pairs, %s: validation loss %.3f -> %.3f; %s%n", split.train().size(),
                precision, before, after, reports.get(reports.size() - 1));
        // a random-weight model starts near ln(32) = 3.47 on batches of 32; three epochs must move it clearly
        assertTrue(after < before - 0.3, "validation loss " + before + " -> " + after);
    }

    /**
     * The symmetric loss computed with doubles from the cosines: row i's target is spread evenly
     * over {@code matches(i)} (its own index alone for CLIP's loss), and so is column i's.
     */
    private static double lossByHand(Tensor images, Tensor texts, double scale, IntFunction<List<Integer>> matches) {
        int n = (int) images.size(0);
        float[] cos = Fixtures.floats(ContrastiveLoss.normalised(images).matmul(ContrastiveLoss.normalised(texts).t()).contiguous());
        double rows = 0;
        double cols = 0;
        for (int i = 0; i < n; i++) {
            double rowSum = 0;
            double colSum = 0;
            for (int j = 0; j < n; j++) {
                rowSum += Math.exp(scale * cos[i * n + j]);
                colSum += Math.exp(scale * cos[j * n + i]);
            }
            List<Integer> matched = matches.apply(i);
            for (int j : matched) {
                rows += -(scale * cos[i * n + j] - Math.log(rowSum)) / matched.size();
                cols += -(scale * cos[j * n + i] - Math.log(colSum)) / matched.size();
            }
        }
        return (rows / n + cols / n) / 2;
    }

    /** A scalar logit_scale whose temperature exp(logit_scale) is {@code temperature}. */
    private static Tensor logScale(double temperature) {
        return torch.zeros(new long[] {}).add(new Scalar(Math.log(temperature)));
    }

    @Test
    void repeatedCaptionsShareTheTargetAndDistinctOnesGiveClipsLoss() {
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(4);
            Tensor images = torch.randn(3, 8);
            Tensor texts = torch.randn(3, 8);
            Tensor logScale = logScale(10);
            assertEquals(ContrastiveLoss.of(images, texts, logScale).item_double(),
                    ContrastiveLoss.of(images, texts, logScale, List.of("a", "b", "c")).item_double(), 1e-6);

            // rows 0 and 1 have the same caption: each is a match for the other, with half the target each
            List<String> captions = List.of("a red square", "a red square", "a blue circle");
            double loss = ContrastiveLoss.of(images, texts, logScale, captions).item_double();
            assertEquals(lossByHand(images, texts, 10, i -> i < 2 ? List.of(0, 1) : List.of(2)), loss, 1e-5);
        }
    }

    @Test
    void theLossIsSymmetricCrossEntropyAndZeroGradientsLeaveParametersAlone() {
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(3);
            Tensor images = torch.randn(4, 8);
            Tensor texts = torch.randn(4, 8);
            Tensor logScale = logScale(10);
            double loss = ContrastiveLoss.of(images, texts, logScale).item_double();
            // by hand: logits = 10 · cosines; mean over rows of -log softmax at the diagonal, both ways
            assertEquals(lossByHand(images, texts, 10, i -> List.of(i)), loss, 1e-5);
            // the temperature is capped at 100
            double capped = ContrastiveLoss.of(images, texts, torch.zeros(new long[] {}).add(new Scalar(9.0))).item_double();
            double at100 = ContrastiveLoss.of(images, texts, logScale(100)).item_double();
            assertEquals(at100, capped, 1e-6);

            Tensor p = torch.ones(3, 3).set_requires_grad(true);
            try (AdamW adam = new AdamW(Map.of("w", p), 0.0)) {
                adam.step(0.1); // no gradient yet: nothing moves
                assertEquals(9.0, p.sum().item_double(), 1e-9);
            }
        }
    }

    @Test
    void theScheduleWarmsUpThenFollowsACosine() {
        LearningRate lr = new LearningRate(1.0, 10, 110);
        assertEquals(0.1, lr.at(0), 1e-12);
        assertEquals(1.0, lr.at(9), 1e-12);
        assertEquals(1.0, lr.at(10), 1e-12);
        assertEquals(0.5, lr.at(60), 1e-12);
        assertEquals(0.0, lr.at(110), 1e-12);
    }
}
