package io.clip4j.train;

import io.clip4j.Fixtures;
import io.clip4j.NativeMemory;
import io.clip4j.Precision;
import io.clip4j.image.PreprocessConfig;
import io.clip4j.shapes.PairSet;
import io.clip4j.shapes.ShapesGenerator;
import io.clip4j.text.ClipTokenizer;
import io.clip4j.train.data.CaptionDatasets;
import io.clip4j.train.data.Sample;
import io.clip4j.zeroshot.PromptTemplates;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The training step (forward, backward, AdamW) many times over: native memory stays flat. */
class TrainingMemoryTest {
    @TempDir
    Path dir;

    /** fp32, and bf16 under autocast (whose cast weights libtorch caches until the region closes). */
    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "BF16"})
    void trainingStepsDoNotGrowNativeMemory(Precision precision) {
        ShapesGenerator.generate(dir.resolve("shapes"), 16, 5, PairSet.SEEN, 64);
        List<Sample> samples = CaptionDatasets.readCsv(dir.resolve("shapes/data.csv")).samples();
        Device cpu = new Device("cpu");
        TrainOptions options = TrainOptions.builder().epochs(1).batchSize(16).learningRate(1e-4).warmupSteps(1)
                .augmentation(Augmentation.standard()).precision(precision).build();
        try (TrainableClip model = TrainableClip.fromModel(Fixtures.TINY_CLIP, cpu, TrainableClip.trains(TrainableClip.Freeze.NONE));
             ClipTrainer trainer = new ClipTrainer(model, ClipTokenizer.fromModelDir(Fixtures.TINY_CLIP),
                     PreprocessConfig.forModel(Fixtures.TINY_CLIP, 64), cpu, options)) {
            // one epoch = one update on 16 pairs, with augmentation, and a validation pass on 4
            NativeMemory.assertFlat("training epoch, " + precision, 20, 60, 8L << 20, () -> trainer.fit(samples, samples.subList(0, 4),
                    PromptTemplates.single("a {}"), 1, new TrainingListener() { }, null));
        }
    }
}
