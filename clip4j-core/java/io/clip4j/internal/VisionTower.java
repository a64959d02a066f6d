package io.clip4j.internal;

import io.clip4j.model.VisionConfig;
import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.ExpectedShapes;
import io.clip4j.internal.Transformer;
import io.clip4j.internal.VisionTower;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * CLIP's vision encoder, in the order of the paper's figure: image → patches (a strided
 * convolution, or clip4j's optional convolutional stem then a 1×1 convolution) → class token prepended → position embeddings → pre-LayerNorm → transformer
 * blocks → the class token's state → post-LayerNorm → visual projection.
 */
public final class VisionTower {
    private final VisionConfig config;
    private final Tensor[] stemWeights;
    private final Tensor[] stemBiases;
    private final Tensor patchWeight;
    private final Tensor classEmbedding;
    private final Tensor positionEmbedding;
    private final Tensor preNormWeight;
    private final Tensor preNormBias;
    private final Transformer transformer;
    private final Tensor postNormWeight;
    private final Tensor postNormBias;
    private final Tensor projection;

    /** Binds the tower to weights owned by {@code w}. */
    public VisionTower(ClipWeights w) {
        this(w, LinearWeights.AS_LOADED, false);
    }

    /**
     * Binds the tower to weights owned by {@code w}; its transformer's linear layers keep their
     * weights as {@code linears} says (int8: fp32 CPU weights, CPU inference; FP8: bf16 GPU weights);
     * with {@code fusedKernels}, its element-wise work runs through {@link FusedKernels} where they
     * take the activations (inference only: the kernels work in place, outside autograd).
     */
    public VisionTower(ClipWeights w, LinearWeights linears, boolean fusedKernels) {
        this.config = w.config().vision();
        int stemLayers = config.stemChannels().size();
        this.stemWeights = new Tensor[stemLayers];
        this.stemBiases = new Tensor[stemLayers];
        for (int i = 0; i < stemLayers; i++) {
            stemWeights[i] = w.get(ExpectedShapes.stem(i) + ".weight");
            stemBiases[i] = w.get(ExpectedShapes.stem(i) + ".bias");
        }
        this.patchWeight = w.get("vision_model.embeddings.patch_embedding.weight");
        this.classEmbedding = w.get("vision_model.embeddings.class_embedding");
        this.positionEmbedding = w.get("vision_model.embeddings.position_embedding.weight");
        this.preNormWeight = w.get("vision_model.pre_layrnorm.weight");
        this.preNormBias = w.get("vision_model.pre_layrnorm.bias");
        this.transformer = new Transformer(w, "vision_model.encoder.layers.", config.layers(), config.hiddenSize(),
                config.heads(), config.layerNormEps(), config.hiddenAct(), linears, fusedKernels);
        this.postNormWeight = w.get("vision_model.post_layernorm.weight");
        this.postNormBias = w.get("vision_model.post_layernorm.bias");
        this.projection = w.get("visual_projection.weight");
    }

    /** Projected, not yet normalised, image features [batch, projection] for pixels [batch, 3, H, W]. */
    public Tensor forward(Tensor pixels) {
        long batch = pixels.size(0);
        Tensor features = pixels;
        for (int i = 0; i < stemWeights.length; i++) { // clip4j's optional stem: each halves the side
            features = torch.relu(torch.conv2d(features, stemWeights[i], new TensorOptional(stemBiases[i]),
                    new long[] {2, 2}, new long[] {1, 1}, new long[] {1, 1}, 1));
        }
        int stride = config.patchEmbeddingKernel();
        Tensor patches = torch.conv2d(features, patchWeight, new TensorOptional(),
                new long[] {stride, stride}, new long[] {0, 0}, new long[] {1, 1}, 1); // [B, W, G, G]
        Tensor tokens = patches.flatten(2, 3).transpose(1, 2);                     // [B, G*G, W]
        Tensor cls = classEmbedding.view(1, 1, -1).expand(batch, 1, config.hiddenSize());
        Tensor x = torch.cat(new TensorVector(cls, tokens), 1).add(positionEmbedding);
        x = transformer.layerNorm(x, preNormWeight, preNormBias);
        x = transformer.forward(x, false);
        Tensor pooled = transformer.layerNorm(x.select(1, 0), postNormWeight, postNormBias);
        return torch.linear(pooled, projection);
    }
}
