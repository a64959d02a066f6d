package io.clip4j.model;

import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.ExpectedShapes;
import io.clip4j.internal.VisionTower;
import io.clip4j.CheckpointWriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.InvalidModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** clip4j's convolutional-stem extension of the vision config: read, checked, run, written and reloaded. */
class ConvStemTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The tiny fixture's config with a stem of {@code stem} channels and patch size {@code patch}. */
    private Path config(String stem, int patch) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(Fixtures.TINY_CLIP.resolve("config.json").toFile());
        ObjectNode vision = (ObjectNode) root.get("vision_config");
        vision.set(ClipConfig.STEM_FIELD, JSON.readTree(stem));
        vision.put("patch_size", patch);
        Path file = dir.resolve("config-" + patch + ".json");
        JSON.writeValue(file.toFile(), root);
        return file;
    }

    @Test
    void stemChannelsAreReadAndShapeTheWeights() throws IOException {
        ClipConfig config = ClipConfig.read(config("[8, 16, 24]", 8));
        assertEquals(List.of(8, 16, 24), config.vision().stemChannels());
        Map<String, long[]> shapes = ExpectedShapes.of(config);
        assertArrayEquals(new long[] {8, 3, 3, 3}, shapes.get("vision_model.embeddings.stem.0.weight"));
        assertArrayEquals(new long[] {24, 16, 3, 3}, shapes.get("vision_model.embeddings.stem.2.weight"));
        assertArrayEquals(new long[] {48, 24, 1, 1}, shapes.get("vision_model.embeddings.patch_embedding.weight"));
        assertArrayEquals(new long[] {65, 48}, shapes.get("vision_model.embeddings.position_embedding.weight"));
        assertTrue(config.toJson().get("vision_config").has(ClipConfig.STEM_FIELD));
    }

    @Test
    void standardConfigsHaveNoStem() {
        ClipConfig config = ClipConfig.read(Fixtures.TINY_CLIP.resolve("config.json"));
        assertFalse(config.vision().hasStem());
        assertFalse(config.toJson().get("vision_config").has(ClipConfig.STEM_FIELD));
        assertTrue(ExpectedShapes.of(config).keySet().stream().noneMatch(n -> n.contains(".stem.")));
    }

    @Test
    void aStemThatDoesNotMakeThePatchSizeIsRejected() throws IOException {
        Path file = config("[8, 16]", 8);
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ClipConfig.read(file));
        assertTrue(e.getMessage().contains("vision_config.patch_size 8 must be 2^2 = 4"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aStemThatIsNotAListOfPositiveIntegersIsRejected() throws IOException {
        for (String bad : List.of("\"8,16,24\"", "[8, 0, 24]", "[8, 16.5, 24]")) {
            Path file = config(bad, 8);
            InvalidModelException e = assertThrows(InvalidModelException.class, () -> ClipConfig.read(file), bad);
            assertTrue(e.getMessage().contains("vision_config.clip4j_conv_stem"), e.getMessage());
        }
    }

    @Test
    void aStemModelIsWrittenAndReloadedWithIdenticalImageFeatures() throws IOException {
        ClipConfig config = ClipConfig.read(config("[8, 16, 24]", 8));
        Path out = dir.resolve("model");
        float[] expected;
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            torch.manual_seed(5);
            Tensor pixels = torch.randn(3, 3, 64, 64);
            try (ClipWeights weights = ClipWeights.random(config, new Device("cpu"), ScalarType.Float, 7)) {
                Tensor features = new VisionTower(weights).forward(pixels).contiguous();
                expected = new float[(int) features.numel()];
                features.data_ptr_float().get(expected);
                CheckpointWriter.to(out).sideFilesFrom(Fixtures.TINY_CLIP).write(config, weights.all());
            }
            assertTrue(Files.readString(out.resolve("config.json")).contains(ClipConfig.STEM_FIELD));
            try (ClipModel model = ClipModel.load(out); Embeddings e = model.embedPixels(pixels, false)) {
                float[][] rows = e.toArray();
                float[] actual = new float[expected.length];
                for (int i = 0; i < rows.length; i++) {
                    System.arraycopy(rows[i], 0, actual, i * rows[i].length, rows[i].length);
                }
                assertArrayEquals(expected, actual, 0f);
            }
        }
    }
}
