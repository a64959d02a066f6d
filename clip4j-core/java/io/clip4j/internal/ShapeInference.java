package io.clip4j.internal;

import io.clip4j.model.ClipConfig;
import io.clip4j.model.TextConfig;
import io.clip4j.model.VisionConfig;
import io.clip4j.internal.ShapeInference;
import io.clip4j.InvalidModelException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Infers a {@link ClipConfig} from tensor shapes, for checkpoints without {@code config.json}
 * (original CLIP / OpenCLIP exports). Widths, depths, vocabulary, context, patch and image
 * size come from the shapes; what shapes cannot tell follows the original CLIP: 64-wide
 * attention heads, {@code quick_gelu}, LayerNorm epsilon 1e-5, pooling at the highest token id.
 */
final class ShapeInference {
    private static final int HEAD_WIDTH = 64;

    private ShapeInference() {
    }

    static ClipConfig infer(Map<String, long[]> shapes, Path source) {
        Dims d = new Dims(shapes, source);
        int textWidth = d.get("text_model.embeddings.token_embedding.weight", 1);
        int visionWidth = d.get("vision_model.embeddings.class_embedding", 0);
        int patch = d.get("vision_model.embeddings.patch_embedding.weight", 2);
        int positions = d.get("vision_model.embeddings.position_embedding.weight", 0);
        int grid = (int) Math.round(Math.sqrt(positions - 1));
        if (grid * grid + 1 != positions) {
            throw new InvalidModelException(source, "vision position embedding has " + positions
                    + " rows, not a square grid plus the class token");
        }
        TextConfig text = new TextConfig(textWidth,
                layers(shapes, "text_model.encoder.layers."),
                heads(textWidth),
                d.get("text_model.encoder.layers.0.mlp.fc1.weight", 0),
                d.get("text_model.embeddings.position_embedding.weight", 0),
                d.get("text_model.embeddings.token_embedding.weight", 0),
                "quick_gelu", 1e-5, TextConfig.LEGACY_EOS_TOKEN_ID);
        VisionConfig vision = new VisionConfig(visionWidth,
                layers(shapes, "vision_model.encoder.layers."),
                heads(visionWidth),
                d.get("vision_model.encoder.layers.0.mlp.fc1.weight", 0),
                grid * patch, patch,
                d.get("vision_model.embeddings.patch_embedding.weight", 1),
                "quick_gelu", 1e-5);
        ClipConfig config = new ClipConfig(text, vision, d.get("text_projection.weight", 0), Math.log(1 / 0.07));
        config.validate(source);
        return config;
    }

    private static int heads(int width) {
        return Math.max(1, width / HEAD_WIDTH);
    }

    private static int layers(Map<String, long[]> shapes, String prefix) {
        Pattern layer = Pattern.compile(Pattern.quote(prefix) + "(\\d+)\\..*");
        int count = 0;
        for (String name : shapes.keySet()) {
            Matcher m = layer.matcher(name);
            if (m.matches()) {
                count = Math.max(count, Integer.parseInt(m.group(1)) + 1);
            }
        }
        return count;
    }

    /** Reads one dimension of a named tensor, or fails naming it. */
    private record Dims(Map<String, long[]> shapes, Path source) {
        int get(String name, int axis) {
            long[] s = shapes.get(name);
            if (s == null || s.length <= axis) {
                throw new InvalidModelException(source, "cannot infer the configuration: tensor '" + name
                        + "' is " + (s == null ? "missing" : "of rank " + s.length));
            }
            return Math.toIntExact(s[axis]);
        }
    }
}
