package io.clip4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.CliRunner;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.shapes.PairSet;
import io.clip4j.shapes.ShapesGenerator;
import io.clip4j.train.data.CaptionDatasets;
import io.clip4j.train.data.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** finetune end to end: checkpoint in Hugging Face layout after each epoch, reload, resume. */
class FinetuneCliTest {
    @TempDir
    Path dir;

    @Test
    void finetuneWritesAReloadableCheckpointAndResumesTheSchedule() throws Exception {
        ShapesGenerator.generate(dir.resolve("shapes"), 96, 3, PairSet.SEEN, 64);
        Path csv = dir.resolve("shapes/data.csv");
        Path out = dir.resolve("tuned");
        CliRunner.Result first = CliRunner.run("finetune", "--model", Fixtures.TINY_CLIP.toString(), "--train", csv.toString(),
                "--val-fraction", "0.25", "--out", out.toString(), "--epochs", "1", "--batch-size", "16", "--lr", "1e-4",
                "--warmup", "2");
        assertEquals(0, first.status(), first.err());
        assertEquals(1, first.lines().size(), "one line per epoch run: " + first.out());

        assertEquals(1, first.lines().get(0).get("epoch").asInt());
        for (String f : List.of("config.json", "model.safetensors", "preprocessor_config.json", "tokenizer.json",
                TrainingState.FILE, "training.json")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        long stepsAfterOne = first.lines().get(0).get("step").asLong();

        // the checkpoint holds exactly the trained weights: reloading gives the trainer's own features
        List<Sample> samples = CaptionDatasets.readCsv(csv).samples();
        try (ClipModel reloaded = ClipModel.load(out);
             TrainableClip trained = TrainableClip.fromModel(out, reloaded.device(), TrainableClip.trains(TrainableClip.Freeze.NONE));
             PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor ids = Fixtures.reference().tensor("input_ids");
            try (Embeddings e = reloaded.embedTokenIds(ids, false)) {
                // two implementations of the same forward pass (trainer and inference towers): equal to rounding
                Fixtures.assertClose(Fixtures.floats(trained.textFeatures(ids)), io.clip4j.Fixtures.flatten(e.toArray()), 1e-6,
                        "reloaded text features");
            }
            assertTrue(samples.size() > 0);
            assertEquals(trained.config(), reloaded.config());
        }

        CliRunner.Result resumed = CliRunner.run("finetune", "--resume", out.toString(), "--train", csv.toString(),
                "--val-fraction", "0.25", "--out", out.toString(), "--epochs", "2", "--batch-size", "16", "--lr", "1e-4",
                "--warmup", "2");
        assertEquals(0, resumed.status(), resumed.err());
        assertEquals(List.of(2), resumed.lines().stream().map(l -> l.get("epoch").asInt()).toList(), resumed.out());
        assertEquals(2 * stepsAfterOne, resumed.lines().get(0).get("step").asLong(), "the update count continues");
    }

    @Test
    void badSettingsAreOneLineErrors() throws Exception {
        CliRunner.Result r = CliRunner.run("finetune", "--model", Fixtures.TINY_CLIP.toString(), "--train",
                dir.resolve("missing.csv").toString(), "--out", dir.resolve("o").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("missing.csv"), r.err());
        r = CliRunner.run("finetune", "--scratch-config", dir.resolve("c.json").toString(), "--train", "x.csv",
                "--out", dir.resolve("o").toString(), "--freeze", "wings");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("--freeze"), r.err());
        r = CliRunner.run("finetune", "--model", Fixtures.TINY_CLIP.toString(), "--train", "x.csv",
                "--out", dir.resolve("o").toString(), "--precision", "fp16");
        assertEquals(1, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("clip4j: fp16 training needs loss scaling"), r.err());
    }
}
