package io.clip4j.model;

import io.clip4j.internal.CheckpointLayout;
import io.clip4j.internal.JsonFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clip4j.InvalidModelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A CLIP model's hyper-parameters: both towers, the shared projection width and the initial
 * logit scale. Read from a Hugging Face {@code config.json} (missing fields take transformers'
 * defaults) or inferred from tensor shapes by {@link CheckpointLayout}.
 *
 * @param text the text tower
 * @param vision the vision tower
 * @param projectionDim width of the shared embedding space
 * @param logitScaleInit the config's {@code logit_scale_init_value} (the checkpoint's tensor wins)
 */
public record ClipConfig(TextConfig text, VisionConfig vision, int projectionDim, double logitScaleInit) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The vision_config field of clip4j's convolutional stem ({@link VisionConfig#stemChannels()}). */
    public static final String STEM_FIELD = "clip4j_conv_stem";
    /** Far beyond any released CLIP (ViT-H/14 at 336 pixels has 577), and small enough for int arithmetic. */
    public static final int MAX_IMAGE_TOKENS = 1 << 16;
    private static final Set<String> ACTIVATIONS = Set.of("quick_gelu", "gelu", "gelu_pytorch_tanh", "gelu_new");

    /** Reads and validates {@code config.json}. */
    public static ClipConfig read(Path configJson) {
        JsonNode root = JsonFiles.readObject(configJson);
        Fields f = new Fields(configJson);
        JsonNode textNode = f.object(root, "text_config");
        JsonNode visionNode = f.object(root, "vision_config");
        TextConfig td = TextConfig.defaults();
        VisionConfig vd = VisionConfig.defaults();
        TextConfig text = new TextConfig(
                f.positive(textNode, "text_config.hidden_size", td.hiddenSize()),
                f.positive(textNode, "text_config.num_hidden_layers", td.layers()),
                f.positive(textNode, "text_config.num_attention_heads", td.heads()),
                f.positive(textNode, "text_config.intermediate_size", td.intermediateSize()),
                f.positive(textNode, "text_config.max_position_embeddings", td.maxPositions()),
                f.positive(textNode, "text_config.vocab_size", td.vocabSize()),
                f.activation(textNode, "text_config.hidden_act", td.hiddenAct()),
                f.positiveDouble(textNode, "text_config.layer_norm_eps", td.layerNormEps()),
                f.nonNegative(textNode, "text_config.eos_token_id", td.eosTokenId()));
        VisionConfig vision = new VisionConfig(
                f.positive(visionNode, "vision_config.hidden_size", vd.hiddenSize()),
                f.positive(visionNode, "vision_config.num_hidden_layers", vd.layers()),
                f.positive(visionNode, "vision_config.num_attention_heads", vd.heads()),
                f.positive(visionNode, "vision_config.intermediate_size", vd.intermediateSize()),
                f.positive(visionNode, "vision_config.image_size", vd.imageSize()),
                f.positive(visionNode, "vision_config.patch_size", vd.patchSize()),
                f.positive(visionNode, "vision_config.num_channels", vd.numChannels()),
                f.activation(visionNode, "vision_config.hidden_act", vd.hiddenAct()),
                f.positiveDouble(visionNode, "vision_config.layer_norm_eps", vd.layerNormEps()),
                f.positiveInts(visionNode, "vision_config." + STEM_FIELD));
        ClipConfig config = new ClipConfig(text, vision,
                f.positive(root, "projection_dim", 512),
                f.number(root, "logit_scale_init_value", 2.6592));
        config.validate(configJson);
        return config;
    }

    /** Checks the relations between fields (heads divide widths, patches tile the image). */
    public void validate(Path source) {
        if (text.hiddenSize() % text.heads() != 0) {
            throw new InvalidModelException(source, "text_config.hidden_size " + text.hiddenSize()
                    + " is not divisible by text_config.num_attention_heads " + text.heads());
        }
        if (vision.hiddenSize() % vision.heads() != 0) {
            throw new InvalidModelException(source, "vision_config.hidden_size " + vision.hiddenSize()
                    + " is not divisible by vision_config.num_attention_heads " + vision.heads());
        }
        if (vision.hasStem() && vision.patchSize() != 1 << vision.stemChannels().size()) {
            throw new InvalidModelException(source, "vision_config.patch_size " + vision.patchSize()
                    + " must be 2^" + vision.stemChannels().size() + " = " + (1 << vision.stemChannels().size())
                    + ": each of the " + vision.stemChannels().size() + " convolutions of vision_config." + STEM_FIELD
                    + " halves the image");
        }
        if (vision.imageSize() % vision.patchSize() != 0) {
            throw new InvalidModelException(source, "vision_config.image_size " + vision.imageSize()
                    + " is not a multiple of vision_config.patch_size " + vision.patchSize());
        }
        long grid = vision.imageSize() / vision.patchSize(); // in 64 bits: image_size 2147483645 with patch 1 wrapped to 10 tokens
        if (grid * grid + 1 > MAX_IMAGE_TOKENS) {
            throw new InvalidModelException(source, "vision_config.image_size " + vision.imageSize() + " with patch_size "
                    + vision.patchSize() + " makes " + (grid * grid + 1) + " image tokens; clip4j accepts at most " + MAX_IMAGE_TOKENS);
        }
    }

    /** This configuration as a Hugging Face {@code config.json} object. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("architectures").add("CLIPModel");
        root.put("model_type", "clip");
        root.put("projection_dim", projectionDim);
        root.put("logit_scale_init_value", logitScaleInit);
        ObjectNode t = root.putObject("text_config");
        t.put("hidden_size", text.hiddenSize());
        t.put("num_hidden_layers", text.layers());
        t.put("num_attention_heads", text.heads());
        t.put("intermediate_size", text.intermediateSize());
        t.put("max_position_embeddings", text.maxPositions());
        t.put("vocab_size", text.vocabSize());
        t.put("hidden_act", text.hiddenAct());
        t.put("layer_norm_eps", text.layerNormEps());
        t.put("eos_token_id", text.eosTokenId());
        t.put("projection_dim", projectionDim);
        ObjectNode v = root.putObject("vision_config");
        v.put("hidden_size", vision.hiddenSize());
        v.put("num_hidden_layers", vision.layers());
        v.put("num_attention_heads", vision.heads());
        v.put("intermediate_size", vision.intermediateSize());
        v.put("image_size", vision.imageSize());
        v.put("patch_size", vision.patchSize());
        v.put("num_channels", vision.numChannels());
        v.put("hidden_act", vision.hiddenAct());
        v.put("layer_norm_eps", vision.layerNormEps());
        if (vision.hasStem()) {
            vision.stemChannels().forEach(v.putArray(STEM_FIELD)::add);
        }
        v.put("projection_dim", projectionDim);
        return root;
    }

    /** Typed field access that names the file and field in every error. */
    private record Fields(Path file) {
        JsonNode object(JsonNode parent, String name) {
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                return JSON.createObjectNode();
            }
            if (!node.isObject()) {
                throw new InvalidModelException(file, "field '" + name + "' must be an object");
            }
            return node;
        }

        private JsonNode value(JsonNode parent, String path) {
            return parent.get(path.substring(path.lastIndexOf('.') + 1));
        }

        int positive(JsonNode parent, String path, int fallback) {
            int v = integer(parent, path, fallback);
            if (v <= 0) {
                throw new InvalidModelException(file, "field '" + path + "' must be positive, not " + v);
            }
            return v;
        }

        int nonNegative(JsonNode parent, String path, int fallback) {
            int v = integer(parent, path, fallback);
            if (v < 0) {
                throw new InvalidModelException(file, "field '" + path + "' must not be negative, not " + v);
            }
            return v;
        }

        private int integer(JsonNode parent, String path, int fallback) {
            JsonNode node = value(parent, path);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw new InvalidModelException(file, "field '" + path + "' must be an integer, not " + node);
            }
            return node.intValue();
        }

        double number(JsonNode parent, String path, double fallback) {
            JsonNode node = value(parent, path);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isNumber()) {
                throw new InvalidModelException(file, "field '" + path + "' must be a number, not " + node);
            }
            return node.doubleValue();
        }

        double positiveDouble(JsonNode parent, String path, double fallback) {
            double v = number(parent, path, fallback);
            if (!(v > 0)) {
                throw new InvalidModelException(file, "field '" + path + "' must be positive, not " + v);
            }
            return v;
        }

        /** A list of positive integers; empty when the field is absent. */
        List<Integer> positiveInts(JsonNode parent, String path) {
            JsonNode node = value(parent, path);
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw new InvalidModelException(file, "field '" + path + "' must be a list of positive integers");
            }
            List<Integer> out = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.canConvertToInt() || !item.isIntegralNumber() || item.asInt() <= 0) {
                    throw new InvalidModelException(file, "field '" + path + "' must be a list of positive integers, not "
                            + node);
                }
                out.add(item.asInt());
            }
            return out;
        }

        String activation(JsonNode parent, String path, String fallback) {
            JsonNode node = value(parent, path);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isTextual() || !ACTIVATIONS.contains(node.asText())) {
                throw new InvalidModelException(file, "field '" + path + "' is " + node
                        + "; supported: " + String.join(", ", ACTIVATIONS.stream().sorted().toList()));
            }
            return node.asText();
        }
    }
}
