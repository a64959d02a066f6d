package io.clip4j.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.Fixtures;
import io.clip4j.Precision;
import io.clip4j.image.PreprocessConfig;
import io.clip4j.shapes.PairSet;
import io.clip4j.shapes.ShapesGenerator;
import io.clip4j.text.ClipTokenizer;
import io.clip4j.train.data.CaptionDatasets;
import io.clip4j.train.data.Split;
import io.clip4j.zeroshot.PromptTemplates;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Contrastive fine-tuning on a GPU lowers the validation loss, as on the CPU (skipped without CUDA). */
@Tag("gpu")
class GpuTrainingTest {
    @TempDir
    Path dir;

    /** fp32, and bf16 under CUDA autocast (the mixed precision; not yet run on a GPU). */
    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "BF16"})
    void aShortFineTuneOnCudaLowersTheValidationLoss(Precision precision) {
        io.clip4j.Devices.open("cpu");
        Assumptions.assumeTrue(torch.cuda_is_available(), "CUDA is not available");
        ShapesGenerator.generate(dir.resolve("shapes"), 320, 7, PairSet.SEEN, 64);
        Split split = Split.of(CaptionDatasets.readCsv(dir.resolve("shapes/data.csv")).samples(), 0.2, 0);
        Device cuda = new Device("cuda");
        TrainOptions options = TrainOptions.builder().epochs(3).batchSize(32).learningRate(5e-4).warmupSteps(5)
                .augmentation(Augmentation.standard()).precision(precision).build();
        try (TrainableClip model = TrainableClip.fromModel(Fixtures.TINY_CLIP, cuda, TrainableClip.trains(TrainableClip.Freeze.NONE));
             ClipTrainer trainer = new ClipTrainer(model, ClipTokenizer.fromModelDir(Fixtures.TINY_CLIP),
                     PreprocessConfig.forModel(Fixtures.TINY_CLIP, 64), cuda, options)) {
            double before = trainer.evaluate(split.validation(), PromptTemplates.single("a {}")).loss();
            List<EpochReport> reports = trainer.fit(split.train(), split.validation(), PromptTemplates.single("a {}"), 1,
                    new TrainingListener() { }, null);
            double after = reports.get(reports.size() - 1).validation().loss();
            System.out.printf("CUDA fine-tune, %s: validation loss %.3f -> %.3f, %.0f images/s%n", precision, before, after,
                    reports.get(reports.size() - 1).imagesPerSecond());
            assertTrue(after < before - 0.3, before + " -> " + after);
        }
    }
}
