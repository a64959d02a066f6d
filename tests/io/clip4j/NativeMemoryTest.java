package io.clip4j;

import static io.clip4j.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bytedeco.javacpp.Pointer;
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
            for (int k = 0; k < 300; k++) {
                once.run(); // let allocator pools and JIT settle
            }
            System.gc();
            long totalBefore = Pointer.totalBytes();
            long physicalBefore = Pointer.physicalBytes();
            for (int k = 0; k < ITERATIONS; k++) {
                once.run();
                if (k % 2000 == 1999) {
                    System.out.printf("after %5d iterations: resident %+,d bytes%n", k + 1,
                            Pointer.physicalBytes() - physicalBefore);
                }
            }
            System.gc();
            long totalGrowth = Pointer.totalBytes() - totalBefore;
            long physicalGrowth = Pointer.physicalBytes() - physicalBefore;
            System.out.printf("native memory after %d iterations: JavaCPP-tracked %+d bytes, resident %+d bytes%n",
                    ITERATIONS, totalGrowth, physicalGrowth);
            assertTrue(totalGrowth <= 0, "JavaCPP-tracked bytes grew by " + totalGrowth);
            assertTrue(physicalGrowth < SLACK_BYTES, "resident memory grew by " + physicalGrowth);
        }
    }
}
