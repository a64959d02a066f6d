package io.clip4j.model;

/**
 * Hyper-parameters of the text tower, as in transformers' {@code CLIPTextConfig}.
 *
 * @param hiddenSize width of the transformer
 * @param layers number of transformer blocks
 * @param heads attention heads per block
 * @param intermediateSize width of the MLP's hidden layer
 * @param maxPositions context length the position embedding covers
 * @param vocabSize rows of the token embedding
 * @param hiddenAct MLP activation: {@code quick_gelu}, {@code gelu} or {@code gelu_pytorch_tanh}
 * @param layerNormEps LayerNorm epsilon
 * @param eosTokenId 2 (legacy) pools at the highest token id; otherwise at the first occurrence of this id
 */
public record TextConfig(int hiddenSize, int layers, int heads, int intermediateSize, int maxPositions,
                         int vocabSize, String hiddenAct, double layerNormEps, int eosTokenId) {
    /** The value of {@link #eosTokenId} that selects pooling at the highest token id. */
    public static final int LEGACY_EOS_TOKEN_ID = 2;

    /** transformers' defaults (those of openai/clip-vit-base-patch32). */
    public static TextConfig defaults() {
        return new TextConfig(512, 12, 8, 2048, 77, 49408, "quick_gelu", 1e-5, LEGACY_EOS_TOKEN_ID);
    }

    /** True when pooling uses the highest token id rather than a search for {@link #eosTokenId}. */
    public boolean poolsAtHighestId() {
        return eosTokenId == LEGACY_EOS_TOKEN_ID;
    }
}
