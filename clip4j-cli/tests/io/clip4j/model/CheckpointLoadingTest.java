package io.clip4j.model;

import io.clip4j.internal.Checkpoint;
import io.clip4j.internal.CheckpointLayout;
import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.SafeTensorsFile;
import io.clip4j.internal.SafeTensorsWriter;
import io.clip4j.internal.TensorDType;
import static io.clip4j.Fixtures.assertClose;
import static io.clip4j.Fixtures.flatten;
import static io.clip4j.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.InvalidModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Other layouts of the same checkpoint load to the same model; broken ones are refused clearly. */
class CheckpointLoadingTest {
    private static final List<String> SIDE_FILES = List.of("config.json", "tokenizer.json", "tokenizer_config.json",
            "preprocessor_config.json");

    @TempDir
    Path dir;
    PointerScope scope;
    SafeTensorsFile original;

    @BeforeEach
    void open() {
        scope = new PointerScope();
        original = SafeTensorsFile.open(Fixtures.TINY_CLIP.resolve("model.safetensors"));
    }

    @AfterEach
    void close() {
        original.close();
        scope.close();
    }

    /** The fixture's tensors by their Hugging Face names (zero-copy views). */
    private Map<String, Tensor> hfTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        original.entries().keySet().forEach(name -> out.put(name, original.tensor(name)));
        return out;
    }

    /** The fixture rewritten in the original CLIP naming, with fused in_proj weights. */
    private Map<String, Tensor> openAiTensors() {
        Map<String, Tensor> hf = hfTensors();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : hf.entrySet()) {
            String name = e.getKey();
            if (name.contains(".self_attn.k_proj.") || name.contains(".self_attn.v_proj.")) {
                continue;
            }
            if (name.contains(".self_attn.q_proj.")) {
                Tensor fused = org.bytedeco.pytorch.global.torch.cat(new org.bytedeco.pytorch.TensorVector(
                        e.getValue(), hf.get(name.replace("q_proj", "k_proj")), hf.get(name.replace("q_proj", "v_proj"))), 0);
                name = name.replace("q_proj", "qkv_proj");
                out.put(CheckpointLayout.toOpenAi(name).name(), fused);
                continue;
            }
            CheckpointLayout.Source target = CheckpointLayout.toOpenAi(name);
            out.put(target.name(), target.transposed() ? e.getValue().t().contiguous() : e.getValue());
        }
        return out;
    }

    private Path modelDir(String name, Map<String, Tensor> tensors, String weightsFile, List<String> sideFiles)
            throws IOException {
        Path model = Files.createDirectories(dir.resolve(name));
        for (String f : sideFiles) {
            Files.copy(Fixtures.TINY_CLIP.resolve(f), model.resolve(f));
        }
        SafeTensorsWriter.write(model.resolve(weightsFile), tensors, Map.of());
        return model;
    }

    private static void assertReferenceEmbeddings(Path model) {
        try (ClipModel clip = ClipModel.load(model);
             Embeddings texts = clip.embedTokenIds(reference().tensor("input_ids"), true);
             Embeddings images = clip.embedPixels(reference().tensor("pixel_values"))) {
            assertClose(reference().floats("text_embeds"), flatten(texts.toArray()), 1e-4, model + " text_embeds");
            assertClose(reference().floats("image_embeds"), flatten(images.toArray()), 1e-4, model + " image_embeds");
        }
    }

    @Test
    void originalClipNamingLoadsToTheSameModel() throws IOException {
        Map<String, Tensor> openai = openAiTensors();
        assertTrue(openai.containsKey("visual.transformer.resblocks.1.attn.in_proj_weight"), openai.keySet().toString());
        assertTrue(openai.containsKey("ln_final.weight") && openai.containsKey("visual.proj"));
        assertReferenceEmbeddings(modelDir("openai", openai, "open_clip_model.safetensors", SIDE_FILES));
    }

    @Test
    void cropRuleFollowsWhereTheCheckpointCameFrom() throws IOException {
        // a Hugging Face folder: transformers' floor
        try (ClipModel hf = ClipModel.load(Fixtures.TINY_CLIP)) {
            assertEquals(io.clip4j.image.CropRounding.FLOOR, hf.preprocessor().config().cropRounding());
        }
        // an original-CLIP export without preprocessor_config.json: torchvision's half to even
        Path openai = modelDir("openai-bare", openAiTensors(), "open_clip_model.safetensors", List.of("tokenizer.json"));
        try (ClipModel original = ClipModel.load(openai)) {
            assertEquals(io.clip4j.image.CropRounding.HALF_EVEN, original.preprocessor().config().cropRounding());
        }
        assertEquals(io.clip4j.image.CropRounding.HALF_EVEN,
                io.clip4j.image.PreprocessConfig.forModel(openai, 64).cropRounding(), "the same rule without loading");
        // the same export given transformers' preprocessor_config.json: that file's rule
        Path withFile = modelDir("openai-with-file", openAiTensors(), "open_clip_model.safetensors", SIDE_FILES);
        try (ClipModel original = ClipModel.load(withFile)) {
            assertEquals(io.clip4j.image.CropRounding.FLOOR, original.preprocessor().config().cropRounding());
        }
        // the caller's choice wins
        try (ClipModel chosen = ClipModel.load(Fixtures.TINY_CLIP,
                io.clip4j.ClipOptions.defaults().withCropRounding(io.clip4j.image.CropRounding.HALF_EVEN))) {
            assertEquals(io.clip4j.image.CropRounding.HALF_EVEN, chosen.preprocessor().config().cropRounding());
        }
    }

    @Test
    void configIsInferredFromShapesWithoutConfigJson() throws IOException {
        Path model = modelDir("inferred", openAiTensors(), "open_clip_model.safetensors", List.of("tokenizer.json"));
        ClipConfig expected = ClipConfig.read(Fixtures.TINY_CLIP.resolve("config.json"));
        try (Checkpoint checkpoint = Checkpoint.open(model);
             ClipWeights weights = ClipWeights.load(checkpoint, null, new org.bytedeco.pytorch.Device("cpu"),
                     org.bytedeco.pytorch.global.torch.ScalarType.Float)) {
            ClipConfig inferred = weights.config();
            TextConfig t = inferred.text();
            VisionConfig v = inferred.vision();
            assertEquals(expected.text().hiddenSize(), t.hiddenSize());
            assertEquals(expected.text().layers(), t.layers());
            assertEquals(expected.text().intermediateSize(), t.intermediateSize());
            assertEquals(expected.text().maxPositions(), t.maxPositions());
            assertEquals(expected.text().vocabSize(), t.vocabSize());
            assertEquals(expected.vision().hiddenSize(), v.hiddenSize());
            assertEquals(expected.vision().layers(), v.layers());
            assertEquals(expected.vision().intermediateSize(), v.intermediateSize());
            assertEquals(expected.vision().imageSize(), v.imageSize());
            assertEquals(expected.vision().patchSize(), v.patchSize());
            assertEquals(expected.projectionDim(), inferred.projectionDim());
            // Heads cannot be read from shapes; the original CLIP's 64-wide heads give 1 for these widths.
            assertEquals(1, t.heads());
            assertEquals(TextConfig.LEGACY_EOS_TOKEN_ID, t.eosTokenId());
        }
        java.io.StringWriter out = new java.io.StringWriter();
        int status = io.clip4j.cli.Main.run(new String[] {"info", "--model", model.toString()},
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(new java.io.StringWriter(), true));
        assertEquals(0, status);
        var info = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertEquals(24, info.get("projection_dim").asInt());
        assertEquals(64, info.get("vision_config").get("image_size").asInt());
    }

    @Test
    void aFolderWithOnlyWeightsUsesTheBundledVocabulary() throws IOException {
        // An OpenAI export: one .safetensors file, no config, no tokenizer files.
        Path model = modelDir("weights-only", openAiTensors(), "model.safetensors", List.of());
        assertEquals(List.of(model.resolve("model.safetensors")), Files.list(model).toList());
        assertEquals(io.clip4j.text.ClipTokenizer.Source.BUNDLED, io.clip4j.text.ClipTokenizer.sourceIn(model));
        var texts = Fixtures.referenceJson().get("texts");
        var expected = Fixtures.referenceJson().get("tokenizer").get("openai_input_ids");
        try (ClipModel clip = ClipModel.load(model)) {
            // the original tokenizer's ids, as openai/CLIP computed them with the same vocabulary
            for (int i = 0; i < texts.size(); i++) {
                // tokenize gives the ids up to end-of-text; the reference pads them with 0 to 77
                int[] ids = java.util.Arrays.copyOf(clip.tokenizer().tokenize(texts.get(i).asText()), 77);
                int[] want = new int[ids.length];
                for (int k = 0; k < want.length; k++) {
                    want[k] = expected.get(i).get(k).asInt();
                }
                org.junit.jupiter.api.Assertions.assertArrayEquals(want, ids, texts.get(i).asText());
            }
            float[] embedding;
            try (Embeddings one = clip.embedTexts(List.of("a photo of a cat"))) {
                embedding = one.row(0);
            }
            double norm = 0;
            for (float x : embedding) {
                assertTrue(Float.isFinite(x));
                norm += x * x;
            }
            assertEquals(24, embedding.length);
            assertEquals(1.0, norm, 1e-5);
        }
        var info = new com.fasterxml.jackson.databind.ObjectMapper().readTree(runInfo(model));
        assertEquals("bundled bpe_simple_vocab_16e6.txt.gz", info.get("tokenizer").asText());
        assertEquals("tokenizer.json", new com.fasterxml.jackson.databind.ObjectMapper().readTree(runInfo(Fixtures.TINY_CLIP))
                .get("tokenizer").asText());
    }

    @Test
    void theBundledVocabularyIsRefusedForAnotherVocabularySize() throws IOException {
        Map<String, Tensor> tensors = openAiTensors();
        tensors.put("token_embedding.weight", tensors.get("token_embedding.weight").narrow(0, 0, 1000).contiguous());
        Path model = modelDir("small-vocabulary", tensors, "model.safetensors", List.of());
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ClipModel.load(model));
        assertTrue(e.getMessage().contains("no tokenizer files") && e.getMessage().contains("1000")
                && e.getMessage().contains(model.toString()), e.getMessage());
    }

    @Test
    void nonFiniteWeightsAreRefusedAtLoad() throws IOException {
        for (String value : new String[] {"nan", "inf"}) {
            Map<String, Tensor> tensors = hfTensors();
            String name = "vision_model.post_layernorm.weight";
            Tensor damaged = tensors.get(name).clone();
            damaged.select(0, 3).fill_(new org.bytedeco.pytorch.Scalar(value.equals("nan") ? Double.NaN : Double.POSITIVE_INFINITY));
            tensors.put(name, damaged);
            Path model = modelDir("damaged-" + value, tensors, "model.safetensors", SIDE_FILES);
            InvalidModelException e = assertThrows(InvalidModelException.class, () -> ClipModel.load(model));
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains("NaN or infinite"), e.getMessage());
        }
        // a finite fp32 value that fp16 cannot hold is caught after conversion
        Map<String, Tensor> tensors = hfTensors();
        String name = "text_model.final_layer_norm.bias";
        Tensor big = tensors.get(name).clone();
        big.select(0, 0).fill_(new org.bytedeco.pytorch.Scalar(1e6));
        tensors.put(name, big);
        Path model = modelDir("overflows-fp16", tensors, "model.safetensors", SIDE_FILES);
        try (ClipModel fine = ClipModel.load(model)) {
            assertEquals(24, fine.embedTexts(List.of("x")).dim());
        }
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> ClipModel.load(model, io.clip4j.ClipOptions.defaults().withPrecision(io.clip4j.Precision.FP16)));
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("Half"), e.getMessage());
    }

    @Test
    void modelFilesThatArePipesAreRefusedNotWaitedOn() throws Exception {
        for (String name : List.of("config.json", "model.safetensors", "preprocessor_config.json")) {
            Path model = modelDir("pipe-" + name, hfTensors(), "model.safetensors", SIDE_FILES);
            Files.delete(model.resolve(name));
            assertEquals(0, new ProcessBuilder("mkfifo", model.resolve(name).toString()).start().waitFor());
            InvalidModelException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> assertThrows(InvalidModelException.class, () -> ClipModel.load(model)), name);
            assertEquals(model.resolve(name), e.file(), name);
            assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        }
        Path model = modelDir("latin1", hfTensors(), "model.safetensors", SIDE_FILES);
        Files.write(model.resolve("config.json"), "{\"projection_dim\": 24, \"x\": \"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ClipModel.load(model));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    /** A copy of the fixture folder whose {@code file} has {@code field} (dotted path) set to {@code value}. */
    private Path withField(String name, String file, String field, Object value) throws IOException {
        Path model = modelDir(name, hfTensors(), "model.safetensors", SIDE_FILES);
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(model.resolve(file).toFile());
        String[] path = field.split("\\.");
        var node = json;
        for (int i = 0; i < path.length - 1; i++) {
            node = (com.fasterxml.jackson.databind.node.ObjectNode) node.get(path[i]);
        }
        node.putPOJO(path[path.length - 1], value);
        Files.writeString(model.resolve(file), json.toString());
        return model;
    }

    @Test
    void configurationsAreCheckedAgainstTheWeightsBeforeAllocating() throws Exception {
        record Case(String file, String field, Object value, String mentions) {
        }
        List<Case> cases = List.of(
                new Case("config.json", "text_config.num_hidden_layers", 1_000_000, "text_config.num_hidden_layers is 1000000"),
                new Case("config.json", "vision_config.num_hidden_layers", Integer.MAX_VALUE, "hold 2 such layers"),
                new Case("config.json", "vision_config.image_size", 1_000_000_000, "image tokens"),
                new Case("preprocessor_config.json", "crop_size.height", 12000, "crop_size 12000x"),
                new Case("preprocessor_config.json", "size.shortest_edge", 1_000_000_000, "shortest_edge 1000000000"));
        int i = 0;
        for (Case c : cases) {
            Path model = withField("field-" + i++, c.file(), c.field(), c.value());
            long start = System.nanoTime();
            InvalidModelException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                    () -> assertThrows(InvalidModelException.class, () -> ClipModel.load(model)), c.field());
            assertTrue(e.getMessage().contains(c.mentions()), c.field() + ": " + e.getMessage());
            assertTrue(e.getMessage().length() < 400, "one short line: " + e.getMessage());
            System.out.printf("%s=%s refused in %.2f s%n", c.field(), c.value(), (System.nanoTime() - start) / 1e9);
        }
        // 64-bit arithmetic: patch 1 with image_size 2147483645 wrapped to 10 tokens
        Path wraps = withField("wraps", "config.json", "vision_config.patch_size", 1);
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(wraps.resolve("config.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("vision_config")).put("image_size", 2147483645);
        Files.writeString(wraps.resolve("config.json"), json.toString());
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ClipModel.load(wraps));
        assertTrue(e.getMessage().contains((2147483645L * 2147483645L + 1) + " image tokens"), e.getMessage());
    }

    private static String runInfo(Path model) {
        java.io.StringWriter out = new java.io.StringWriter();
        int status = io.clip4j.cli.Main.run(new String[] {"info", "--model", model.toString()},
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(new java.io.StringWriter(), true));
        assertEquals(0, status);
        return out.toString();
    }

    /** The fixture's hyper-parameters as OpenCLIP's push_to_hf_hub writes them, with {@code extra} merged into model_cfg's towers. */
    private static String openClipConfig(String visionExtra, String textExtra, String preprocessExtra) {
        return """
                {"model_cfg": {"embed_dim": 24, "quick_gelu": true,
                  "vision_cfg": {"image_size": 64, "layers": 2, "width": 48, "patch_size": 16, "head_width": 12, "mlp_ratio": 2.0%s},
                  "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 32, "heads": 4, "layers": 2, "mlp_ratio": 2.0%s}},
                 "preprocess_cfg": {"mean": [0.48145466, 0.4578275, 0.40821073], "std": [0.26862954, 0.26130258, 0.27577711],
                  "interpolation": "bicubic", "resize_mode": "shortest"%s}}
                """.formatted(visionExtra, textExtra, preprocessExtra);
    }

    @Test
    void openClipHubLayoutLoadsAsItIs() throws IOException {
        Path model = modelDir("open-clip", openAiTensors(), "open_clip_model.safetensors", List.of());
        Files.writeString(model.resolve("open_clip_config.json"), openClipConfig("", "", ""));
        // open_clip_config.json gives the heads the shapes cannot, so the reference embeddings come out
        assertReferenceEmbeddings(model);
        try (ClipModel clip = ClipModel.load(model)) {
            var pre = clip.preprocessor().config();
            assertEquals(io.clip4j.image.CropRounding.HALF_EVEN, pre.cropRounding(), "torchvision's CenterCrop, as open_clip uses");
            assertEquals(64, pre.shortestEdge());
            assertEquals(0.26130258, pre.std()[1], 0);
        }
        var info = new com.fasterxml.jackson.databind.ObjectMapper().readTree(runInfo(model));
        assertEquals(4, info.get("text_config").get("num_attention_heads").asInt());
        assertEquals(4, info.get("vision_config").get("num_attention_heads").asInt());
        assertEquals(96, info.get("vision_config").get("intermediate_size").asInt());
        assertEquals("quick_gelu", info.get("vision_config").get("hidden_act").asText());
    }

    @Test
    void openClipConfigurationsClip4jCannotRunAreRefusedByName() throws IOException {
        Path model = modelDir("open-clip-other", openAiTensors(), "open_clip_model.safetensors", List.of());
        Path config = model.resolve("open_clip_config.json");
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("vision_cfg.timm_model_name", new String[] {", \"timm_model_name\": \"vit_base_patch16_siglip_224\"", "", ""});
        cases.put("vision_cfg.layers", new String[] {", \"layers\": [3, 4, 6, 3]", "", ""});
        cases.put("vision_cfg.attentional_pool", new String[] {", \"attentional_pool\": true", "", ""});
        cases.put("text_cfg.hf_model_name", new String[] {"", ", \"hf_model_name\": \"xlm-roberta-base\"", ""});
        cases.put("text_cfg.no_causal_mask", new String[] {"", ", \"no_causal_mask\": true", ""});
        cases.put("preprocess_cfg.resize_mode", new String[] {"", "", ", \"resize_mode\": \"squash\""});
        cases.put("preprocess_cfg.interpolation", new String[] {"", "", ", \"interpolation\": \"bilinear\""});
        for (var c : cases.entrySet()) {
            String json = openClipConfig(c.getValue()[0], c.getValue()[1], c.getValue()[2]);
            if (c.getKey().equals("vision_cfg.layers")) {
                json = json.replace("\"layers\": 2, ", "");
            }
            if (c.getKey().startsWith("preprocess_cfg.")) {
                json = json.replace("\"interpolation\": \"bicubic\", \"resize_mode\": \"shortest\"", "\"x\": 0");
            }
            Files.writeString(config, json);
            InvalidModelException e = assertThrows(InvalidModelException.class, () -> ClipModel.load(model), c.getKey());
            assertEquals(config, e.file(), c.getKey());
            assertTrue(e.getMessage().contains(c.getKey()) && e.getMessage().contains("not supported"), e.getMessage());
        }
        Files.writeString(config, "{\"model_cfg\": {\"embed_dim\": 24, \"init_logit_bias\": -10}}");
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ClipModel.load(model));
        assertTrue(e.getMessage().contains("init_logit_bias"), e.getMessage());
    }

    @Test
    void picklesOnlyAreRefusedWithTheConversionToRun() throws IOException {
        Path model = Files.createDirectories(dir.resolve("pickles"));
        Files.writeString(model.resolve("open_clip_config.json"), openClipConfig("", "", ""));
        Files.writeString(model.resolve("open_clip_pytorch_model.bin"), "not read");
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ClipModel.load(model));
        assertTrue(e.getMessage().contains("open_clip_pytorch_model.bin") && e.getMessage().contains("save_file")
                && e.getMessage().contains("open_clip_model.safetensors"), e.getMessage());
    }

    @Test
    void shardedCheckpointLoadsToTheSameModel() throws IOException {
        Map<String, Tensor> all = hfTensors();
        Map<String, Tensor> text = new LinkedHashMap<>();
        Map<String, Tensor> rest = new LinkedHashMap<>();
        all.forEach((k, v) -> (k.startsWith("text_model.") ? text : rest).put(k, v));
        Path model = modelDir("sharded", text, "model-00001-of-00002.safetensors", SIDE_FILES);
        SafeTensorsWriter.write(model.resolve("model-00002-of-00002.safetensors"), rest, Map.of());
        StringBuilder index = new StringBuilder("{\"metadata\":{},\"weight_map\":{");
        all.keySet().forEach(k -> index.append('"').append(k).append("\":\"model-0000")
                .append(k.startsWith("text_model.") ? 1 : 2).append("-of-00002.safetensors\","));
        index.setLength(index.length() - 1);
        Files.writeString(model.resolve(Checkpoint.INDEX), index.append("}}"));
        assertReferenceEmbeddings(model);
    }

    @Test
    void halfPrecisionCheckpointsConvertOnLoad() throws IOException {
        for (TensorDType dtype : List.of(TensorDType.F16, TensorDType.BF16)) {
            Map<String, Tensor> converted = new LinkedHashMap<>();
            hfTensors().forEach((k, v) -> converted.put(k, v.to(dtype.scalarType())));
            Path model = modelDir("half-" + dtype, converted, "model.safetensors", SIDE_FILES);
            try (SafeTensorsFile written = SafeTensorsFile.open(model.resolve("model.safetensors"))) {
                assertEquals(dtype, written.entry("logit_scale").dtype());
            }
            // Rounding the weights to 16 bits moves the unit vectors by well under 0.05.
            try (ClipModel clip = ClipModel.load(model);
                 Embeddings texts = clip.embedTokenIds(reference().tensor("input_ids"), true);
                 Embeddings images = clip.embedPixels(reference().tensor("pixel_values"))) {
                assertClose(reference().floats("text_embeds"), flatten(texts.toArray()), 0.05, dtype + " text");
                assertClose(reference().floats("image_embeds"), flatten(images.toArray()), 0.05, dtype + " image");
            }
        }
    }

    /** Loads the fixture with one text replacement in its config.json and returns the error message. */
    private String configFailure(String name, String from, String to) throws IOException {
        Path model = modelDir(name, hfTensors(), "model.safetensors", SIDE_FILES);
        String config = Files.readString(model.resolve("config.json"));
        assertTrue(config.contains(from), "fixture config.json holds " + from);
        Files.writeString(model.resolve("config.json"), config.replaceFirst(java.util.regex.Pattern.quote(from), to));
        return loadFailure(model);
    }

    private String loadFailure(Path model) {
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ClipModel.load(model).close());
        return e.getMessage();
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Map<String, Tensor> t = hfTensors();
        t.remove("vision_model.post_layernorm.bias");
        String m = loadFailure(modelDir("missing", t, "model.safetensors", SIDE_FILES));
        assertTrue(m.contains("missing tensor 'vision_model.post_layernorm.bias'") && m.contains("model.safetensors"), m);
    }

    @Test
    void missingPartOfAttentionIsNamed() throws IOException {
        Map<String, Tensor> t = hfTensors();
        t.remove("text_model.encoder.layers.1.self_attn.k_proj.weight");
        String m = loadFailure(modelDir("missing-k", t, "model.safetensors", SIDE_FILES));
        assertTrue(m.contains("'text_model.encoder.layers.1.self_attn.k_proj.weight'"), m);
    }

    @Test
    void unexpectedTensorIsNamed() throws IOException {
        Map<String, Tensor> t = hfTensors();
        t.put("text_model.extra_head.weight", t.get("logit_scale"));
        String m = loadFailure(modelDir("unexpected", t, "model.safetensors", SIDE_FILES));
        assertTrue(m.contains("unexpected tensor 'text_model.extra_head.weight'"), m);
    }

    @Test
    void extraLayerBeyondTheConfigIsUnexpected() throws IOException {
        Map<String, Tensor> t = hfTensors();
        t.put("vision_model.encoder.layers.2.mlp.fc1.bias", t.get("vision_model.encoder.layers.1.mlp.fc1.bias"));
        String m = loadFailure(modelDir("extra-layer", t, "model.safetensors", SIDE_FILES));
        assertTrue(m.contains("unexpected tensor 'vision_model.encoder.layers.2.mlp.fc1.bias'"), m);
    }

    @Test
    void shapeDisagreeingWithTheConfigIsNamed() throws IOException {
        String m = configFailure("shape", "\"projection_dim\": 24", "\"projection_dim\": 25");
        assertTrue(m.contains("'text_projection.weight'") && m.contains("[24, 32]") && m.contains("[25, 32]"), m);
    }

    @Test
    void malformedConfigNamesTheFile() throws IOException {
        String m = configFailure("bad-config", "{", "{\"text_config\": {");
        assertTrue(m.contains("config.json") && m.contains("malformed JSON"), m);
    }

    @Test
    void wrongFieldTypeNamesTheField() throws IOException {
        String m = configFailure("bad-field", "\"patch_size\": 16", "\"patch_size\": \"16\"");
        assertTrue(m.contains("config.json") && m.contains("vision_config.patch_size"), m);
    }

    @Test
    void unknownActivationNamesTheField() throws IOException {
        String m = configFailure("bad-act", "\"quick_gelu\"", "\"swish\"");
        assertTrue(m.contains("text_config.hidden_act"), m);
    }

    @Test
    void missingDirectoryAndMissingWeights() throws IOException {
        assertTrue(loadFailure(dir.resolve("nowhere")).contains("model directory not found"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        for (String f : SIDE_FILES) {
            Files.copy(Fixtures.TINY_CLIP.resolve(f), empty.resolve(f));
        }
        String m = loadFailure(empty);
        assertTrue(m.contains("no weights") && m.contains("model.safetensors"), m);
    }

    @Test
    void indexPointingOutsideTheDirectoryIsRefused() throws IOException {
        Path model = Files.createDirectories(dir.resolve("escape"));
        for (String f : SIDE_FILES) {
            Files.copy(Fixtures.TINY_CLIP.resolve(f), model.resolve(f));
        }
        Files.writeString(model.resolve(Checkpoint.INDEX), "{\"weight_map\":{\"logit_scale\":\"../../etc/passwd\"}}");
        String m = loadFailure(model);
        assertTrue(m.contains("weight_map['logit_scale']"), m);
    }

    @Test
    void indexListingATensorAShardLacksIsRefused() throws IOException {
        Path model = modelDir("bad-index", hfTensors(), "model-00001-of-00001.safetensors", SIDE_FILES);
        Files.writeString(model.resolve(Checkpoint.INDEX),
                "{\"weight_map\":{\"ghost\":\"model-00001-of-00001.safetensors\"}}");
        String m = loadFailure(model);
        assertTrue(m.contains("'ghost'") && m.contains("not in this shard"), m);
    }
}
