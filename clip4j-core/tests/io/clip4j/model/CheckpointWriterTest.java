package io.clip4j.model;

import io.clip4j.internal.Checkpoint;
import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.JsonFiles;
import io.clip4j.internal.SafeTensorsFile;
import io.clip4j.internal.TensorDType;
import io.clip4j.CheckpointWriter;

import static io.clip4j.Fixtures.flatten;
import static io.clip4j.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.InvalidModelException;
import io.clip4j.image.PreprocessConfig;
import io.clip4j.zeroshot.PromptFileException;
import io.clip4j.zeroshot.PromptTemplates;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model folder written from internal-layout parameters is the model it came from, in transformers' layout. */
class CheckpointWriterTest {
    @TempDir
    Path dir;

    private static ClipWeights loadFixture() {
        Checkpoint checkpoint = Checkpoint.open(Fixtures.TINY_CLIP);
        ClipConfig config = ClipWeights.configFor(Fixtures.TINY_CLIP, checkpoint);
        return ClipWeights.load(checkpoint, config, new Device("cpu"), ScalarType.Float);
    }

    @Test
    void writtenFixtureGivesIdenticalEmbeddings() {
        Path out = dir.resolve("copy");
        try (ClipWeights weights = loadFixture()) {
            CheckpointWriter.to(out).sideFilesFrom(Fixtures.TINY_CLIP).write(weights);
        }
        try (PointerScope scope = new PointerScope();
             ClipModel original = ClipModel.load(Fixtures.TINY_CLIP);
             ClipModel copy = ClipModel.load(out)) {
            Tensor ids = reference().tensor("input_ids");
            Tensor pixels = reference().tensor("pixel_values");
            for (boolean normalize : new boolean[] {false, true}) {
                try (Embeddings a = original.embedTokenIds(ids, normalize); Embeddings b = copy.embedTokenIds(ids, normalize)) {
                    assertArrayEquals(flatten(a.toArray()), flatten(b.toArray()), "text, normalize=" + normalize);
                }
                try (Embeddings a = original.embedPixels(pixels, normalize); Embeddings b = copy.embedPixels(pixels, normalize)) {
                    assertArrayEquals(flatten(a.toArray()), flatten(b.toArray()), "image, normalize=" + normalize);
                }
            }
            assertEquals(original.logitScale(), copy.logitScale());
        }
    }

    @Test
    void writtenFolderHasTheFixturesLayout() throws IOException {
        Path out = dir.resolve("copy");
        try (ClipWeights weights = loadFixture()) {
            CheckpointWriter.to(out).sideFilesFrom(Fixtures.TINY_CLIP).write(weights);
        }
        try (SafeTensorsFile expected = SafeTensorsFile.open(Fixtures.TINY_CLIP.resolve("model.safetensors"));
             SafeTensorsFile actual = SafeTensorsFile.open(out.resolve("model.safetensors"))) {
            assertEquals(expected.entries().keySet(), actual.entries().keySet(), "tensor names");
            for (var e : expected.entries().values()) {
                SafeTensorsFile.Entry a = actual.entry(e.name());
                assertEquals(e.dtype(), a.dtype(), e.name());
                assertArrayEquals(e.shape(), a.shape(), e.name());
                assertArrayEquals(expected.rawBytes(e.name()), actual.rawBytes(e.name()), e.name() + " bytes");
            }
            assertEquals("pt", actual.metadata().get("format"), "transformers refuses files without it");
        }
        JsonNode config = JsonFiles.readObject(out.resolve("config.json"));
        JsonNode fixtureConfig = JsonFiles.readObject(Fixtures.TINY_CLIP.resolve("config.json"));
        for (String field : List.of("architectures", "model_type", "dtype", "projection_dim", "logit_scale_init_value")) {
            assertEquals(fixtureConfig.get(field), config.get(field), field);
        }
        assertEquals("float32", config.get("torch_dtype").asText());
        assertEquals("clip_text_model", config.get("text_config").get("model_type").asText());
        assertEquals("clip_vision_model", config.get("vision_config").get("model_type").asText());
        assertEquals(ClipConfig.read(Fixtures.TINY_CLIP.resolve("config.json")), ClipConfig.read(out.resolve("config.json")));
        // transformers' own fields as transformers writes them, plus clip4j's explicit crop rule
        var expectedPreprocessing = (com.fasterxml.jackson.databind.node.ObjectNode) JsonFiles.readObject(
                Fixtures.TINY_CLIP.resolve(PreprocessConfig.FILE));
        expectedPreprocessing.put(PreprocessConfig.CROP_ROUNDING_FIELD, "floor");
        assertEquals(expectedPreprocessing, JsonFiles.readObject(out.resolve(PreprocessConfig.FILE)),
                "preprocessor_config.json as transformers writes it, with crop_rounding");
        for (String name : List.of("tokenizer.json", "tokenizer_config.json")) {
            assertArrayEquals(Files.readAllBytes(Fixtures.TINY_CLIP.resolve(name)), Files.readAllBytes(out.resolve(name)), name);
        }
        assertFalse(Files.exists(out.resolve(PromptTemplates.MODEL_FILE)), "the fixture has no templates");
        try (Stream<Path> files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".partial")), "no temporary files left");
        }
    }

    /** Parameters as a training loop holds them: requiring grad, and stored as bf16 on request. */
    @Test
    void trainedParametersRoundTripInAnotherDtype() {
        ClipConfig config = ClipConfig.read(Fixtures.TINY_CLIP.resolve("config.json"));
        Path out = dir.resolve("bf16");
        try (PointerScope scope = new PointerScope();
             ClipWeights random = ClipWeights.random(config, new Device("cpu"), ScalarType.Float, 7)) {
            Map<String, Tensor> trained = new LinkedHashMap<>();
            random.all().forEach((name, t) -> trained.put(name, t.clone().requires_grad_(true)));
            CheckpointWriter.to(out).dtype(ScalarType.BFloat16).tokenizerFrom(Fixtures.TINY_CLIP).write(config, trained);

            try (SafeTensorsFile file = SafeTensorsFile.open(out.resolve("model.safetensors"))) {
                assertTrue(file.entries().values().stream().allMatch(e -> e.dtype() == TensorDType.BF16));
                assertArrayEquals(new long[0], file.entry("logit_scale").shape());
            }
            assertEquals("bfloat16", JsonFiles.readObject(out.resolve("config.json")).get("dtype").asText());
            try (Checkpoint checkpoint = Checkpoint.open(out);
                 ClipWeights back = ClipWeights.load(checkpoint, ClipWeights.configFor(out, checkpoint),
                         new Device("cpu"), ScalarType.Float)) {
                assertEquals(config, back.config());
                for (var e : trained.entrySet()) {
                    Tensor expected = e.getValue().detach().to(ScalarType.BFloat16).to(ScalarType.Float);
                    assertTrue(torch.equal(expected, back.get(e.getKey())), e.getKey());
                }
            }
            assertEquals(PreprocessConfig.defaults(64).toJson(), JsonFiles.readObject(out.resolve(PreprocessConfig.FILE)));
        }
    }

    @Test
    void templatesAreCheckedCopiedAndUsedByTheClassifier() throws IOException {
        Path templates = Files.writeString(dir.resolve("mine.txt"), "# x-ray prompts\nan x-ray of a {}.\n\na scan showing {}\n");
        Path out = dir.resolve("with-templates");
        try (ClipWeights weights = loadFixture()) {
            CheckpointWriter.to(out).sideFilesFrom(Fixtures.TINY_CLIP).templates(templates).write(weights);
        }
        assertArrayEquals(Files.readAllBytes(templates), Files.readAllBytes(out.resolve(PromptTemplates.MODEL_FILE)));
        List<String> expected = List.of("an x-ray of a {}.", "a scan showing {}");
        try (ClipModel clip = ClipModel.load(out);
             ZeroShotClassifier classifier = ZeroShotClassifier.create(clip, List.of("cat", "dog"))) {
            assertEquals(expected, classifier.templates().templates());
        }
        // Saving again from the written folder carries its templates along.
        Path again = dir.resolve("again");
        try (ClipWeights weights = loadFixture()) {
            CheckpointWriter.to(again).sideFilesFrom(out).write(weights);
        }
        assertEquals(expected, PromptTemplates.forModel(again).templates());
    }

    @Test
    void badInputsAreRefusedBeforeAnythingIsWritten() throws IOException {
        Path out = dir.resolve("never");
        Path bad = Files.writeString(dir.resolve("bad.txt"), "a photo of a {}.\na photo\n");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        try (ClipWeights weights = loadFixture()) {
            PromptFileException e = assertThrows(PromptFileException.class,
                    () -> CheckpointWriter.to(out).templates(bad).write(weights));
            assertTrue(e.getMessage().startsWith(bad + ": line 2"), e.getMessage());

            InvalidModelException noTokenizer = assertThrows(InvalidModelException.class,
                    () -> CheckpointWriter.to(out).tokenizerFrom(empty).write(weights));
            assertTrue(noTokenizer.getMessage().contains("no tokenizer files"), noTokenizer.getMessage());

            Map<String, Tensor> missing = new LinkedHashMap<>(weights.all());
            missing.remove("logit_scale");
            IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                    () -> CheckpointWriter.to(out).write(weights.config(), missing));
            assertTrue(m.getMessage().contains("'logit_scale'"), m.getMessage());

            Map<String, Tensor> hfNamed = new LinkedHashMap<>(weights.all());
            String qkv = "text_model.encoder.layers.0.self_attn.qkv_proj.bias";
            hfNamed.put("text_model.encoder.layers.0.self_attn.q_proj.bias", hfNamed.remove(qkv));
            m = assertThrows(IllegalArgumentException.class, () -> CheckpointWriter.to(out).write(weights.config(), hfNamed));
            assertTrue(m.getMessage().contains(qkv), m.getMessage());

            assertThrows(IllegalArgumentException.class, () -> CheckpointWriter.to(out).dtype(ScalarType.Long));
        }
        assertFalse(Files.exists(out));
    }
}
