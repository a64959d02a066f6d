package io.clip4j;

import static io.clip4j.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The hot paths run 10,000 times without native memory growing: every temporary tensor is freed
 * by a PointerScope and every result by its owner's close().
 */
class NativeMemoryTest {
    private static final int ITERATIONS = 10_000;
    private static final long SLACK_BYTES = 16L << 20; // a leaked activation per call (> 1.6 kB) would exceed it

    @Test
    void encodingTenThousandTimesKeepsNativeMemoryFlat() {
        List<String> texts = List.of("a photo of a cat", "a diagram");
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP); PointerScope fixtureScope = new PointerScope()) {
            Tensor ids = reference().tensor("input_ids").narrow(0, 0, 3);
            Tensor pixels = reference().tensor("pixel_values").narrow(0, 0, 2);
            Runnable once = () -> {
                try (Embeddings t = clip.embedTexts(texts);
                     Embeddings i = clip.embedTokenIds(ids, true);
                     Embeddings p = clip.embedPixels(pixels)) {
                    assertEquals(2, t.size());
                    t.row(1);
                    i.asFloatBuffer();
                    p.row(0);
                }
            };
            NativeMemory.assertFlat("text and image encoding", 300, ITERATIONS, SLACK_BYTES, once);
        }
    }
}
