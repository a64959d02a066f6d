package io.clip4j.train.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.internal.SafeTensorsWriter;
import io.clip4j.train.data.CaptionDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

/** Saving and loading heads: a round trip predicts identically; wrong widths and malformed files name the field. */
class HeadFileTest {
    @TempDir
    static Path data;

    @TempDir
    Path tmp;

    static ClipModel clip;
    static ProbeHead trained;
    static List<Path> images;

    @BeforeAll
    static void train() {
        images = ProbeImages.folder(data.resolve("folder"), 8, 3);
        clip = ClipModel.load(Fixtures.TINY_CLIP);
        trained = LinearProbe.train(clip, CaptionDatasets.readFolder(data.resolve("folder")),
                ProbeOptions.defaults().withSteps(200), n -> { }).head();
    }

    @AfterAll
    static void close() {
        clip.close();
    }

    @Test
    void saveThenLoadPredictsIdentically() {
        Path file = tmp.resolve("head.safetensors");
        HeadFile.write(file, trained);
        ProbeHead loaded = HeadFile.readFor(file, clip);
        assertEquals(trained.labels(), loaded.labels());
        assertEquals(24, loaded.dim());
        assertEquals("tiny-clip", loaded.model());
        assertArrayEquals(trained.weight(), loaded.weight());
        assertArrayEquals(trained.bias(), loaded.bias());
        List<Mat> frames = new ArrayList<>();
        for (Path image : images) {
            frames.add(imread(image.toString()));
        }
        try (Embeddings e = clip.embedImages(frames)) {
            float[][] before = trained.probabilities(e);
            float[][] after = loaded.probabilities(e);
            for (int i = 0; i < before.length; i++) {
                assertArrayEquals(before[i], after[i], "image " + i);
            }
            assertEquals(trained.top(e, 2), loaded.top(e, 2));
        } finally {
            frames.forEach(Mat::close);
        }
    }

    @Test
    void dimensionMismatchNamesFileAndField() {
        Path file = tmp.resolve("wide.safetensors");
        HeadFile.write(file, new ProbeHead(List.of("a", "b"), 7, new float[14], new float[2], "other-model"));
        ProbeHeadException e = assertThrows(ProbeHeadException.class, () -> HeadFile.readFor(file, clip));
        assertEquals("dim", e.field());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": dim: the head takes 7-wide embeddings"), e.getMessage());
        assertTrue(e.getMessage().contains("24"), e.getMessage());
    }

    @Test
    void notASafetensorsFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("junk.safetensors"), "hello");
        ProbeHeadException e = assertThrows(ProbeHeadException.class, () -> HeadFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not a probe head"), e.getMessage());
    }

    @Test
    void missingFile() {
        Path file = tmp.resolve("absent.safetensors");
        ProbeHeadException e = assertThrows(ProbeHeadException.class, () -> HeadFile.read(file));
        assertTrue(e.getMessage().contains("file not found"), e.getMessage());
    }

    @Test
    void aModelCheckpointIsNotAHead() {
        ProbeHeadException e = assertThrows(ProbeHeadException.class,
                () -> HeadFile.read(Fixtures.TINY_CLIP.resolve("model.safetensors")));
        assertEquals("format", e.field());
    }

    @Test
    void malformedMetadataAndTensorsNameTheField() {
        assertField("labels", meta("labels", "[\"a\""), 2, 3);
        assertField("labels", meta("labels", "[\"a\", \"a\"]"), 2, 3);
        assertField("labels", meta("labels", "[\"a\", 3]"), 2, 3);
        assertField("labels", meta("labels", "[\"a\"]"), 1, 3);
        assertField("dim", meta("dim", "three"), 2, 3);
        assertField("weight", meta("dim", "4"), 2, 3);          // weight is [2, 3], dim says 4
        assertField("weight", meta("labels", "[\"a\", \"b\", \"c\"]"), 2, 3);
        Map<String, String> noBias = meta("dim", "3");
        assertField("bias", noBias, 2, 3, false);
    }

    private static Map<String, String> meta(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", HeadFile.FORMAT);
        m.put("labels", "[\"a\", \"b\"]");
        m.put("dim", "3");
        m.put("model", "x");
        m.put(key, value);
        return m;
    }

    private void assertField(String field, Map<String, String> metadata, int rows, int cols) {
        assertField(field, metadata, rows, cols, true);
    }

    private void assertField(String field, Map<String, String> metadata, int rows, int cols, boolean withBias) {
        Path file = tmp.resolve(field + "-" + Math.abs(metadata.hashCode()) + ".safetensors");
        try (PointerScope scope = new PointerScope()) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            tensors.put("weight", torch.from_blob(new FloatPointer(new float[rows * cols]), new long[] {rows, cols},
                    new TensorOptions(ScalarType.Float)));
            if (withBias) {
                tensors.put("bias", torch.from_blob(new FloatPointer(new float[rows]), new long[] {rows},
                        new TensorOptions(ScalarType.Float)));
            }
            SafeTensorsWriter.write(file, tensors, metadata);
        }
        ProbeHeadException e = assertThrows(ProbeHeadException.class, () -> HeadFile.read(file), metadata.toString());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": " + field + ": "), e.getMessage());
    }
}
