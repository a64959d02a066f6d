package io.clip4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.InvalidModelException;
import io.clip4j.image.CropRounding;
import io.clip4j.image.PreprocessConfig;
import io.clip4j.model.ClipConfig;
import io.clip4j.model.TextConfig;
import io.clip4j.model.VisionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * OpenCLIP's hub configuration, {@code open_clip_config.json} beside {@code open_clip_model.safetensors}
 * (as open_clip's {@code push_to_hf_hub.py} writes it): {@code model_cfg} (the model's
 * {@code model_configs/*.json}: {@code embed_dim}, {@code quick_gelu}, {@code vision_cfg}, {@code text_cfg})
 * and {@code preprocess_cfg} ({@code mean}, {@code std}, {@code interpolation}, {@code resize_mode}).
 * Missing fields take open_clip's defaults ({@code CLIPVisionCfg}, {@code CLIPTextCfg}, {@code PreprocessCfg}).
 *
 * <p>clip4j runs OpenCLIP's plain ViT CLIP: a field that changes the architecture away from it (a timm
 * or Hugging Face tower, a ResNet, attentional pooling, layer scale, …) is refused by name, not ignored.
 */
public final class OpenClipConfig {
    /** The file name in a model directory. */
    public static final String FILE = "open_clip_config.json";

    /**
     * Fields that, when present with a value other than the given default, make a tower clip4j does not
     * run ({@code null}: refused whenever present and not null).
     */
    private static final Map<String, Object> VISION_UNSUPPORTED = Map.ofEntries(
            Map.entry("timm_model_name", "null"), Map.entry("attentional_pool", false), Map.entry("no_ln_pre", false),
            Map.entry("final_ln_after_pool", false), Map.entry("pool_type", "tok"), Map.entry("ls_init_value", "null"),
            Map.entry("pos_embed_type", "learnable"), Map.entry("act_kwargs", "null"), Map.entry("norm_kwargs", "null"),
            Map.entry("block_type", "null"), Map.entry("qk_norm", false), Map.entry("scaled_cosine_attn", false),
            Map.entry("scale_heads", false), Map.entry("scale_attn_inner", false), Map.entry("scale_attn", false),
            Map.entry("scale_fc", false), Map.entry("input_patchnorm", false));
    private static final Map<String, Object> TEXT_UNSUPPORTED = Map.ofEntries(
            Map.entry("hf_model_name", "null"), Map.entry("text_arch", "clip"), Map.entry("embed_cls", false),
            Map.entry("no_causal_mask", false), Map.entry("final_ln_after_pool", false), Map.entry("pool_type", "argmax"),
            Map.entry("proj_bias", false), Map.entry("proj_type", "linear"), Map.entry("ls_init_value", "null"),
            Map.entry("act_kwargs", "null"), Map.entry("norm_kwargs", "null"), Map.entry("hf_tokenizer_name", "null"),
            Map.entry("tokenizer_type", "null"), Map.entry("variable_text", false), Map.entry("block_type", "null"),
            Map.entry("qk_norm", false), Map.entry("scaled_cosine_attn", false));
    private static final List<String> MODEL_UNSUPPORTED = List.of("custom_text", "multimodal_cfg", "init_logit_bias");
    private static final double LAYER_NORM_EPS = 1e-5;
    private static final double[] CLIP_MEAN = {0.48145466, 0.4578275, 0.40821073};
    private static final double[] CLIP_STD = {0.26862954, 0.26130258, 0.27577711};

    private final Path file;
    private final JsonNode model;
    private final JsonNode preprocess;

    private OpenClipConfig(Path file, JsonNode root) {
        this.file = file;
        this.model = object(root, "model_cfg", true);
        this.preprocess = object(root, "preprocess_cfg", false);
    }

    /** The model directory's {@code open_clip_config.json}, if it has one. */
    public static java.util.Optional<OpenClipConfig> in(Path modelDir) {
        Path file = modelDir.resolve(FILE);
        return Files.exists(file) ? java.util.Optional.of(read(file)) : java.util.Optional.empty();
    }

    /** Reads {@code open_clip_config.json}; nothing is checked against weights here. */
    public static OpenClipConfig read(Path file) {
        return new OpenClipConfig(file, JsonFiles.readObject(file));
    }

    /** The model's hyper-parameters in clip4j's terms, refusing architectures it does not run. */
    public ClipConfig clip() {
        for (String name : MODEL_UNSUPPORTED) {
            if (present(model, name) && !model.get(name).equals(com.fasterxml.jackson.databind.node.BooleanNode.FALSE)) {
                throw unsupported("model_cfg." + name, model.get(name), "only OpenCLIP's CLIP with its own text transformer runs");
            }
        }
        JsonNode v = object(model, "vision_cfg", false);
        JsonNode t = object(model, "text_cfg", false);
        refuse(v, "model_cfg.vision_cfg", VISION_UNSUPPORTED);
        refuse(t, "model_cfg.text_cfg", TEXT_UNSUPPORTED);
        if (present(v, "layers") && !v.get("layers").isInt()) {
            throw unsupported("model_cfg.vision_cfg.layers", v.get("layers"), "a list of layers is a ResNet image tower; clip4j runs ViTs");
        }
        String act = model.path("quick_gelu").asBoolean(false) ? "quick_gelu" : "gelu";
        int vWidth = positive(v, "vision_cfg.width", 768);
        int headWidth = positive(v, "vision_cfg.head_width", 64);
        if (vWidth % headWidth != 0) {
            throw new InvalidModelException(file, "model_cfg.vision_cfg.width " + vWidth + " is not a multiple of head_width " + headWidth);
        }
        VisionConfig vision = new VisionConfig(vWidth, positive(v, "vision_cfg.layers", 12), vWidth / headWidth,
                mlp(v, "vision_cfg", vWidth), square(v, "vision_cfg.image_size", 224), square(v, "vision_cfg.patch_size", 16),
                3, act, LAYER_NORM_EPS);
        int tWidth = positive(t, "text_cfg.width", 512);
        TextConfig text = new TextConfig(tWidth, positive(t, "text_cfg.layers", 12), positive(t, "text_cfg.heads", 8),
                mlp(t, "text_cfg", tWidth), positive(t, "text_cfg.context_length", 77), positive(t, "text_cfg.vocab_size", 49408),
                act, LAYER_NORM_EPS, TextConfig.LEGACY_EOS_TOKEN_ID);
        ClipConfig config = new ClipConfig(text, vision, positive(model, "embed_dim", 512),
                model.path("init_logit_scale").isNumber() ? model.get("init_logit_scale").asDouble() : Math.log(1 / 0.07));
        config.validate(file);
        return config;
    }

    /**
     * The eval transform open_clip builds from {@code preprocess_cfg} for a square input of {@code imageSize}:
     * resize the shortest edge, centre-crop (torchvision's {@code CenterCrop}: offsets round half to even),
     * rescale, normalise. {@code resize_mode} other than {@code shortest} and interpolations other than
     * bicubic are refused by name.
     */
    public PreprocessConfig preprocessing(int imageSize) {
        String mode = preprocess.path("resize_mode").asText("shortest");
        if (!mode.equals("shortest")) {
            throw unsupported("preprocess_cfg.resize_mode", preprocess.get("resize_mode"), "only 'shortest' (resize, centre crop) is supported");
        }
        String interpolation = preprocess.path("interpolation").asText("bicubic");
        if (!interpolation.equals("bicubic")) {
            throw unsupported("preprocess_cfg.interpolation", preprocess.get("interpolation"), "only 'bicubic' is supported");
        }
        return new PreprocessConfig(imageSize, imageSize, imageSize, 1 / 255.0, triple("mean", CLIP_MEAN, false),
                triple("std", CLIP_STD, true), true, true, true, true, CropRounding.HALF_EVEN);
    }

    private void refuse(JsonNode tower, String where, Map<String, Object> defaults) {
        defaults.forEach((name, fallback) -> {
            if (!present(tower, name)) {
                return;
            }
            JsonNode value = tower.get(name);
            boolean isDefault = fallback instanceof Boolean b ? value.isBoolean() && value.asBoolean() == b
                    : !fallback.equals("null") && value.isTextual() && value.asText().equals(fallback);
            if (!isDefault) {
                throw unsupported(where + "." + name, value, "clip4j runs OpenCLIP's plain ViT CLIP");
            }
        });
    }

    private InvalidModelException unsupported(String field, JsonNode value, String why) {
        return new InvalidModelException(file, "field '" + field + "' is " + value + ": not supported (" + why + ")");
    }

    private static boolean present(JsonNode node, String name) {
        return node.has(name) && !node.get(name).isNull();
    }

    private JsonNode object(JsonNode parent, String name, boolean required) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidModelException(file, "missing field '" + name + "'");
            }
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new InvalidModelException(file, "field '" + name + "' must be an object");
        }
        return node;
    }

    private int positive(JsonNode parent, String path, int fallback) {
        String name = path.substring(path.lastIndexOf('.') + 1);
        JsonNode node = parent.get(name);
        return node == null || node.isNull() ? fallback : requirePositive(node, path);
    }

    private int requirePositive(JsonNode node, String path) {
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() <= 0) {
            throw new InvalidModelException(file, "field 'model_cfg." + path + "' must be a positive integer, got " + node);
        }
        return node.asInt();
    }

    /** An image or patch size: an integer, or a square [h, w] pair. */
    private int square(JsonNode parent, String path, int fallback) {
        String name = path.substring(path.lastIndexOf('.') + 1);
        JsonNode node = parent.get(name);
        if (node != null && node.isArray()) {
            if (node.size() != 2 || !node.get(0).equals(node.get(1)) || !node.get(0).canConvertToInt()) {
                throw new InvalidModelException(file, "field 'model_cfg." + path + "' is " + node + ": only square sizes are supported");
            }
            return requirePositive(node.get(0), path);
        }
        return positive(parent, path, fallback);
    }

    private int mlp(JsonNode tower, String path, int width) {
        JsonNode ratio = tower.get("mlp_ratio");
        double r = ratio == null || ratio.isNull() ? 4.0 : ratio.asDouble(-1);
        long hidden = (long) (width * r); // open_clip: int(width * mlp_ratio)
        if (!(r > 0) || hidden < 1 || hidden > Integer.MAX_VALUE) {
            throw new InvalidModelException(file, "field 'model_cfg." + path + ".mlp_ratio' must be a positive number, got " + ratio);
        }
        return (int) hidden;
    }

    private double[] triple(String name, double[] fallback, boolean positive) {
        JsonNode node = preprocess.get(name);
        if (node == null || node.isNull()) {
            return fallback.clone();
        }
        if (!node.isArray() || node.size() != 3) {
            throw new InvalidModelException(file, "field 'preprocess_cfg." + name + "' must be three numbers, got " + node);
        }
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            out[i] = node.get(i).asDouble(Double.NaN);
            if (!node.get(i).isNumber() || !Double.isFinite(out[i]) || positive && out[i] <= 0) {
                throw new InvalidModelException(file, "field 'preprocess_cfg." + name + "' must be three " + (positive ? "positive " : "")
                        + "numbers, got " + node);
            }
        }
        return out;
    }
}
