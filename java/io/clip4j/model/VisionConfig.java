package io.clip4j.model;

/**
 * Hyper-parameters of the vision tower, as in transformers' {@code CLIPVisionConfig}.
 *
 * @param hiddenSize width of the transformer
 * @param layers number of transformer blocks
 * @param heads attention heads per block
 * @param intermediateSize width of the MLP's hidden layer
 * @param imageSize side of the square input image in pixels
 * @param patchSize side of one square patch in pixels
 * @param numChannels input channels (3)
 * @param hiddenAct MLP activation: {@code quick_gelu}, {@code gelu} or {@code gelu_pytorch_tanh}
 * @param layerNormEps LayerNorm epsilon
 */
public record VisionConfig(int hiddenSize, int layers, int heads, int intermediateSize, int imageSize,
                           int patchSize, int numChannels, String hiddenAct, double layerNormEps) {
    /** transformers' defaults (those of openai/clip-vit-base-patch32). */
    public static VisionConfig defaults() {
        return new VisionConfig(768, 12, 12, 3072, 224, 32, 3, "quick_gelu", 1e-5);
    }

    /** Patches along one side of the image. */
    public int gridSize() {
        return imageSize / patchSize;
    }

    /** Tokens the transformer sees: one per patch plus the class token. */
    public int tokens() {
        return gridSize() * gridSize() + 1;
    }
}
