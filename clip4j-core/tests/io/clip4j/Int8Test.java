package io.clip4j;

import static io.clip4j.Fixtures.cosine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.clip4j.model.ClipConfig;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The opt-in int8 CPU path (int8 weights for the transformer's linear layers, fbgemm): close to
 * fp32 on the parity fixture, refused where it does not apply, and free of leaks when models are
 * loaded, used and closed over and over.
 */
class Int8Test {
    private static final ClipOptions INT8 = ClipOptions.defaults().withPrecision(Precision.INT8);

    private static List<Path> images() throws Exception {
        try (Stream<Path> s = Files.list(Fixtures.TINY_CLIP.resolve("images"))) {
            return s.sorted().toList();
        }
    }


    /** Measured on this project's CPU: images ≥ 0.99992, texts ≥ 0.99943; the bounds leave room for other CPUs. */
    @Test
    void embeddingsStayWithinCosine0999OfFp32() throws Exception {
        List<String> texts = List.of("a photo of a cat", "a rocket on the launch pad", "a cup of coffee", "");
        try (ClipModel fp32 = ClipModel.load(Fixtures.TINY_CLIP); ClipModel int8 = ClipModel.load(Fixtures.TINY_CLIP, INT8);
             Embeddings fi = fp32.embedImageFiles(images()); Embeddings qi = int8.embedImageFiles(images());
             Embeddings ft = fp32.embedTexts(texts); Embeddings qt = int8.embedTexts(texts)) {
            assertEquals(Precision.INT8, int8.options().precision());
            float[][] a = fi.toArray();
            float[][] b = qi.toArray();
            boolean differs = false;
            for (int i = 0; i < a.length; i++) {
                double c = cosine(a[i], b[i]);
                assertTrue(c >= 0.999, "image " + i + ": cosine " + c);
                differs |= c < 1 - 1e-7;
            }
            assertTrue(differs, "int8 ran: its embeddings are not fp32's bit for bit");
            float[][] x = ft.toArray();
            float[][] y = qt.toArray();
            for (int i = 0; i < x.length; i++) {
                double c = cosine(x[i], y[i]);
                assertTrue(c >= 0.995, "text " + i + ": cosine " + c);
            }
        }
    }

    @Test
    void int8IsRefusedOnAGpuBeforeTheGpuIsOpened() {
        assertEquals(Precision.INT8, Precision.parse("int8"));
        assertTrue(assertThrows(ClipException.class, () -> Precision.parse("int4")).getMessage().contains("int8"));
        ClipException onGpu = assertThrows(ClipException.class,
                () -> ClipModel.load(Fixtures.TINY_CLIP, INT8.withDevice("cuda")));
        assertTrue(onGpu.getMessage().contains("CPU only"), onGpu.getMessage());
    }

    /** The hot path: embedding with an int8 model, over and over. */
    @Test
    void int8EmbeddingLeavesNativeMemoryFlat() throws Exception {
        List<Path> two = images().subList(0, 2);
        try (ClipModel m = ClipModel.load(Fixtures.TINY_CLIP, INT8)) {
            NativeMemory.assertFlat("int8 embed", 3, 50, 64L << 20, () -> {
                try (Embeddings e = m.embedImageFiles(two); Embeddings t = m.embedTexts(List.of("a cat"))) {
                    assertEquals(2, e.toArray().length);
                }
            });
        }
    }

    /**
     * Closing an int8 model frees its quantized weights: ViT-B/32's int8 and packed copies are
     * about 250 MB a model, so 8 models kept alive would add 2 GB resident; the bound is 400 MB.
     * (libtorch's allocations are not JavaCPP-tracked, so resident memory is the measure here.)
     */
    @Test
    void closingAnInt8ModelFreesItsQuantizedWeights() {
        ClipConfig vitB32 = new ClipConfig(io.clip4j.model.TextConfig.defaults(),
                new io.clip4j.model.VisionConfig(768, 12, 12, 3072, 224, 32, 3, "quick_gelu", 1e-5), 512, 2.6592);
        Runnable once = () -> ClipModel.randomWeights(vitB32, INT8, 1).close();
        once.run();
        once.run();
        long before = NativeMemory.settledResidentBytes();
        for (int i = 0; i < 8; i++) {
            once.run();
        }
        long growth = NativeMemory.settledResidentBytes() - before;
        System.out.printf("int8 ViT-B/32 load/close x8: resident %+,d bytes%n", growth);
        assertTrue(growth < 400L << 20, "resident memory grew by " + growth);
    }
}
