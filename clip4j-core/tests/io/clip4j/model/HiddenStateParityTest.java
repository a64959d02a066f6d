package io.clip4j.model;

import io.clip4j.internal.Checkpoint;
import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.SafeTensorsFile;
import io.clip4j.internal.TextTower;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.Fixtures;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/** The text tower's last hidden state equals transformers' where the attention mask is 1. */
class HiddenStateParityTest {
    @Test
    void lastHiddenStateMatchesWhereTheMaskIsOne() {
        SafeTensorsFile ref = Fixtures.reference();
        try (Checkpoint checkpoint = Checkpoint.open(Fixtures.TINY_CLIP);
             ClipWeights weights = ClipWeights.load(checkpoint,
                     ClipConfig.read(Fixtures.TINY_CLIP.resolve("config.json")), new Device("cpu"), ScalarType.Float);
             NoGradGuard noGrad = new NoGradGuard();
             PointerScope scope = new PointerScope()) {
            float[] actual = Fixtures.floats(new TextTower(weights).hiddenStates(ref.tensor("input_ids")));
            float[] expected = ref.floats("text_last_hidden_state");
            long[] mask = ref.longs("attention_mask");
            int width = 32;
            double max = 0;
            int compared = 0;
            for (int position = 0; position < mask.length; position++) {
                if (mask[position] == 1) {
                    for (int c = 0; c < width; c++) {
                        int i = position * width + c;
                        max = Math.max(max, Math.abs(expected[i] - actual[i]));
                        compared++;
                    }
                }
            }
            double found = max;
            assertTrue(compared > 12 * 2 * width, "compared too few values: " + compared);
            assertTrue(found <= 1e-4, () -> "max |difference| " + found + " exceeds 1e-4");
        }
    }
}
