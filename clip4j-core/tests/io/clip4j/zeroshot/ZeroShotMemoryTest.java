package io.clip4j.zeroshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * The ImageNet prompt ensemble (1,000 classes × 80 templates) builds in bounded native memory,
 * and classifying in a loop does not grow it.
 */
class ZeroShotMemoryTest {
    /** What libtorch promises for one computation at different batch positions: rounding-level agreement. */
    private static final double BATCH_POSITION_TOLERANCE = 1e-6;

    private static final Path IMAGENET = io.clip4j.Fixtures.IMAGENET_PROMPTS;
    private static final long MB = 1L << 20;

    @Test
    void imageNetClassifierBuildsTwiceInBoundedMemory() {
        List<String> names = ClassNames.read(IMAGENET);
        List<String> labels = ClassNames.unique(names);
        PromptTemplates templates = PromptTemplates.read(IMAGENET);
        assertEquals(80, templates.size());
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP)) {
            System.gc();
            long before = Pointer.physicalBytes();
            long start = System.nanoTime();
            ZeroShotClassifier first = ZeroShotClassifier.create(clip, labels, names, templates);
            double firstSeconds = (System.nanoTime() - start) / 1e9;
            System.gc();
            long afterFirst = Pointer.physicalBytes();
            float[][] vectors = first.classVectors();
            first.close();

            start = System.nanoTime();
            float[][] again;
            long afterSecond;
            try (ZeroShotClassifier second = ZeroShotClassifier.create(clip, labels, names, templates)) {
                double secondSeconds = (System.nanoTime() - start) / 1e9;
                System.gc();
                afterSecond = Pointer.physicalBytes();
                again = second.classVectors();
                System.out.printf("ImageNet zero-shot classifier (1000 classes x 80 templates = 80000 prompts, tiny model,"
                                + " maxBatch %d): first build %.1f s, second %.1f s (%.0f prompts/s); resident native memory:"
                                + " %+d MB over the first build, %+d MB after the second build%n",
                        clip.options().maxBatch(), firstSeconds, secondSeconds, 80_000 / secondSeconds,
                        (afterFirst - before) / MB, (afterSecond - afterFirst) / MB);
            }
            assertEquals(1000, vectors.length);
            assertEquals(clip.config().projectionDim(), vectors[0].length);
            for (float[] v : vectors) {
                double norm = 0;
                for (float x : v) {
                    norm += x * x;
                }
                assertEquals(1.0, Math.sqrt(norm), 1e-5);
            }
            // The same prompts in other rows of a batch go through other GEMM blocking: equal to
            // float rounding, not bit for bit (1.5e-8 apart seen on one EPYC).
            Fixtures.assertClose(vectors[657], vectors[744], BATCH_POSITION_TOLERANCE, "the two 'missile' classes share their prompts");
            Fixtures.assertClose(Fixtures.flatten(vectors), Fixtures.flatten(again), BATCH_POSITION_TOLERANCE, "second build");
            // +18 MB measured for the first build (allocator pools); keeping each batch's token ids and outputs
            // (1,250 batches) would add about 57 MB more
            assertTrue(afterFirst - before < 64 * MB,
                    "resident memory grew by " + (afterFirst - before) / MB + " MB over the first build");
            assertTrue(afterSecond - afterFirst < 64 * MB,
                    "resident memory grew by " + (afterSecond - afterFirst) / MB + " MB from the first build to the second");
        }
    }

    @Test
    void classifyingAThousandTimesKeepsNativeMemoryFlat() {
        List<String> labels = List.of("an astronaut", "a cat", "a cup of coffee", "noise", "a gradient", "a ramp");
        try (PointerScope fixtures = new PointerScope();
             ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP);
             ZeroShotClassifier classifier = ZeroShotClassifier.create(clip, labels, PromptTemplates.defaults());
             Embeddings pixels = clip.embedPixels(Fixtures.reference().tensor("pixel_values"))) {
            List<Mat> frames = ZeroShotClassifierTest.fixtureImages();
            Runnable once = () -> {
                List<Classification> fromFrames = classifier.classifyImages(frames, 3);
                List<Classification> fromPixels = classifier.classify(pixels, 2);
                List<List<LabelMatch>> matches = classifier.classifyMultiLabel(pixels, Map.of("a cat", 0.1), 0.0);
                assertEquals(7, fromFrames.size() + fromPixels.size() - matches.size());
            };
            io.clip4j.NativeMemory.assertFlat("classify 7 images (frames, embeddings, multi-label)", 100, 1000, 16 * MB, once);
        }
    }
}
