package io.clip4j.internal;

import io.clip4j.model.ClipConfig;
import io.clip4j.model.TextConfig;
import io.clip4j.model.VisionConfig;
import io.clip4j.internal.ExpectedShapes;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every tensor a CLIP model of a given configuration has, by internal name, with its shape. */
public final class ExpectedShapes {
    private ExpectedShapes() {
    }

    public static Map<String, long[]> of(ClipConfig c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        TextConfig t = c.text();
        VisionConfig v = c.vision();
        m.put("text_model.embeddings.token_embedding.weight", shape(t.vocabSize(), t.hiddenSize()));
        m.put("text_model.embeddings.position_embedding.weight", shape(t.maxPositions(), t.hiddenSize()));
        blocks(m, "text_model.encoder.layers.", t.layers(), t.hiddenSize(), t.intermediateSize());
        norm(m, "text_model.final_layer_norm", t.hiddenSize());
        m.put("text_projection.weight", shape(c.projectionDim(), t.hiddenSize()));

        m.put("vision_model.embeddings.class_embedding", shape(v.hiddenSize()));
        int channels = v.numChannels();
        for (int i = 0; i < v.stemChannels().size(); i++) {
            int out = v.stemChannels().get(i);
            m.put(stem(i) + ".weight", shape(out, channels, 3, 3));
            m.put(stem(i) + ".bias", shape(out));
            channels = out;
        }
        m.put("vision_model.embeddings.patch_embedding.weight", shape(v.hiddenSize(), v.patchEmbeddingChannels(),
                v.patchEmbeddingKernel(), v.patchEmbeddingKernel()));
        m.put("vision_model.embeddings.position_embedding.weight", shape(v.tokens(), v.hiddenSize()));
        norm(m, "vision_model.pre_layrnorm", v.hiddenSize());
        blocks(m, "vision_model.encoder.layers.", v.layers(), v.hiddenSize(), v.intermediateSize());
        norm(m, "vision_model.post_layernorm", v.hiddenSize());
        m.put("visual_projection.weight", shape(c.projectionDim(), v.hiddenSize()));
        m.put("logit_scale", shape());
        return m;
    }

    /** Name prefix of convolution {@code i} of the clip4j convolutional stem. */
    static String stem(int i) {
        return "vision_model.embeddings.stem." + i;
    }

    private static void blocks(Map<String, long[]> m, String prefix, int layers, int width, int mlp) {
        for (int i = 0; i < layers; i++) {
            String p = prefix + i + ".";
            norm(m, p + "layer_norm1", width);
            m.put(p + "self_attn.qkv_proj.weight", shape(3L * width, width));
            m.put(p + "self_attn.qkv_proj.bias", shape(3L * width));
            m.put(p + "self_attn.out_proj.weight", shape(width, width));
            m.put(p + "self_attn.out_proj.bias", shape(width));
            norm(m, p + "layer_norm2", width);
            m.put(p + "mlp.fc1.weight", shape(mlp, width));
            m.put(p + "mlp.fc1.bias", shape(mlp));
            m.put(p + "mlp.fc2.weight", shape(width, mlp));
            m.put(p + "mlp.fc2.bias", shape(width));
        }
    }

    private static void norm(Map<String, long[]> m, String name, int width) {
        m.put(name + ".weight", shape(width));
        m.put(name + ".bias", shape(width));
    }

    private static long[] shape(long... dims) {
        return dims;
    }
}
