package io.clip4j.internal;

import io.clip4j.model.TextConfig;
import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.TextTower;
import io.clip4j.internal.Transformer;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * CLIP's text encoder: token + position embeddings → causal pre-LN transformer → final
 * LayerNorm → the hidden state at the end-of-text token → text projection.
 */
public final class TextTower {
    private final TextConfig config;
    private final Tensor tokenEmbedding;
    private final Tensor positionEmbedding;
    private final Transformer transformer;
    private final Tensor finalNormWeight;
    private final Tensor finalNormBias;
    private final Tensor projection;

    /** Binds the tower to weights owned by {@code w}. */
    public TextTower(ClipWeights w) {
        this(w, LinearWeights.AS_LOADED, false);
    }

    /**
     * Binds the tower to weights owned by {@code w}; its transformer's linear layers keep their
     * weights as {@code linears} says (int8: fp32 CPU weights, CPU inference; FP8: bf16 GPU weights);
     * with {@code fusedKernels}, its element-wise work runs through {@link FusedKernels} where they
     * take the activations (inference only: the kernels work in place, outside autograd).
     */
    public TextTower(ClipWeights w, LinearWeights linears, boolean fusedKernels) {
        this.config = w.config().text();
        this.tokenEmbedding = w.get("text_model.embeddings.token_embedding.weight");
        this.positionEmbedding = w.get("text_model.embeddings.position_embedding.weight");
        this.transformer = new Transformer(w, "text_model.encoder.layers.", config.layers(), config.hiddenSize(),
                config.heads(), config.layerNormEps(), config.hiddenAct(), linears, fusedKernels);
        this.finalNormWeight = w.get("text_model.final_layer_norm.weight");
        this.finalNormBias = w.get("text_model.final_layer_norm.bias");
        this.projection = w.get("text_projection.weight");
    }

    /** The final-LayerNorm hidden states [batch, tokens, width] for int64 ids [batch, tokens]. */
    public Tensor hiddenStates(Tensor ids) {
        long tokens = ids.size(1);
        Tensor x = torch.embedding(tokenEmbedding, ids).add(positionEmbedding.narrow(0, 0, tokens));
        x = transformer.forward(x, true);
        return transformer.layerNorm(x, finalNormWeight, finalNormBias);
    }

    /** Projected, not yet normalised, text features [batch, projection] for ids [batch, tokens]. */
    public Tensor forward(Tensor ids) {
        Tensor hidden = hiddenStates(ids);
        long batch = ids.size(0);
        long tokens = ids.size(1);
        // Row b's end-of-text state sits at b * tokens + position in the flattened [B*T, W] states.
        Tensor rows = torch.arange(new Scalar(batch), new TensorOptions(ids.device()).dtype(
                new ScalarTypeOptional(torch.ScalarType.Long))).mul(new Scalar(tokens)).add(eotPositions(ids));
        Tensor pooled = hidden.reshape(batch * tokens, hidden.size(2)).index_select(0, rows);
        return torch.linear(pooled, projection);
    }

    /** Where each row's end-of-text token is: the highest id (legacy) or the first eos id. */
    private Tensor eotPositions(Tensor ids) {
        if (config.poolsAtHighestId()) {
            return ids.argmax(new LongOptional(-1), false);
        }
        return ids.eq(new Scalar((long) config.eosTokenId())).to(torch.ScalarType.Int)
                .argmax(new LongOptional(-1), false);
    }
}
