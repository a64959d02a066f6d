package io.clip4j.train.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clip4j.NativeMemory;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/** Training (autograd graphs, gradients, Adam moments) and scoring leave no native memory behind. */
class ProbeMemoryTest {
    @Test
    void trainingAndScoringAreFlat() {
        int rows = 64;
        int dim = 32;
        Random random = new Random(1);
        float[] features = new float[rows * dim];
        int[] targets = new int[rows];
        for (int i = 0; i < rows; i++) {
            targets[i] = i % 4;
            for (int d = 0; d < dim; d++) {
                features[i * dim + d] = (float) random.nextGaussian() + (d == targets[i] ? 3 : 0);
            }
        }
        ProbeOptions options = ProbeOptions.defaults().withSteps(50);
        Device cpu = new Device("cpu");
        NativeMemory.assertFlat("probe fit and score", 20, 200, 16L << 20, () -> {
            ProbeTrainer.Fit fit = ProbeTrainer.fit(features, dim, targets, 4, options, cpu);
            ProbeHead head = new ProbeHead(List.of("a", "b", "c", "d"), dim, fit.weight(), fit.bias(), "m");
            try (PointerScope scope = new PointerScope()) {
                float[][] p = head.probabilities(torch.from_blob(new FloatPointer(features), new long[] {rows, dim},
                        new TensorOptions(ScalarType.Float)));
                assertEquals(targets[5], ProbeHead.argmax(p[5]));
            }
        });
    }
}
