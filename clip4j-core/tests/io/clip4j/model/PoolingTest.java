package io.clip4j.model;

import io.clip4j.internal.Checkpoint;
import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.TextTower;
import static io.clip4j.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.clip4j.Fixtures;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/**
 * {@code eos_token_id}: 2 pools at the highest id (legacy); any other value pools at the first
 * occurrence of that id, as transformers does for newer checkpoints.
 */
class PoolingTest {
    @Test
    void poolsAtTheFirstEosTokenIdUnlessLegacy() {
        ClipConfig fixture = ClipConfig.read(Fixtures.TINY_CLIP.resolve("config.json"));
        TextConfig t = fixture.text();
        // Pretend "a" (id 320) is the end-of-text token: row 0 is "<sot> a photo of a cat <eot> ...".
        ClipConfig firstA = new ClipConfig(new TextConfig(t.hiddenSize(), t.layers(), t.heads(), t.intermediateSize(),
                t.maxPositions(), t.vocabSize(), t.hiddenAct(), t.layerNormEps(), 320), fixture.vision(),
                fixture.projectionDim(), fixture.logitScaleInit());
        try (Checkpoint legacyCheckpoint = Checkpoint.open(Fixtures.TINY_CLIP);
             Checkpoint checkpoint = Checkpoint.open(Fixtures.TINY_CLIP);
             ClipWeights legacyWeights = ClipWeights.load(legacyCheckpoint, fixture, new Device("cpu"), ScalarType.Float);
             ClipWeights weights = ClipWeights.load(checkpoint, firstA, new Device("cpu"), ScalarType.Float);
             NoGradGuard noGrad = new NoGradGuard();
             PointerScope scope = new PointerScope()) {
            Tensor ids = Fixtures.reference().tensor("input_ids").narrow(0, 0, 1);
            TextTower tower = new TextTower(weights);
            Tensor hidden = tower.hiddenStates(ids);
            Tensor projection = weights.get("text_projection.weight");
            Tensor atFirstA = torch.linear(hidden.select(1, 1), projection, new TensorOptional());
            Tensor atEot = torch.linear(hidden.select(1, 6), projection, new TensorOptional());
            assertClose(Fixtures.floats(atFirstA), Fixtures.floats(tower.forward(ids)), 1e-6, "pooled at the first id 320");
            assertClose(Fixtures.floats(atEot), Fixtures.floats(new TextTower(legacyWeights).forward(ids)), 1e-6, "legacy pooling");
            assertNotEquals(Fixtures.floats(atFirstA)[0], Fixtures.floats(atEot)[0], "the two positions differ, so the test can fail");
        }
    }
}
