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
 * @param stemChannels clip4j's extension (config field {@code clip4j_conv_stem}): the output
 *     channels of a convolutional stem that replaces the patchify convolution, one 3×3 stride-2
 *     convolution with ReLU per entry, so {@code patchSize} must be 2 to the number of entries and
 *     the patch embedding becomes a 1×1 convolution. Empty for every standard CLIP. A stem gives
 *     the image tower a convolution's locality, which small models trained from scratch on few
 *     images need (the shapes demo); transformers does not read such a model.
 */
public record VisionConfig(int hiddenSize, int layers, int heads, int intermediateSize, int imageSize,
                           int patchSize, int numChannels, String hiddenAct, double layerNormEps,
                           java.util.List<Integer> stemChannels) {
    public VisionConfig {
        stemChannels = java.util.List.copyOf(stemChannels);
    }

    /** A standard CLIP vision tower (patchify convolution, no stem). */
    public VisionConfig(int hiddenSize, int layers, int heads, int intermediateSize, int imageSize,
                        int patchSize, int numChannels, String hiddenAct, double layerNormEps) {
        this(hiddenSize, layers, heads, intermediateSize, imageSize, patchSize, numChannels, hiddenAct, layerNormEps,
                java.util.List.of());
    }

    /** True when a convolutional stem replaces the patchify convolution. */
    public boolean hasStem() {
        return !stemChannels.isEmpty();
    }

    /** Input channels of the patch embedding: the image's, or the stem's last convolution's. */
    public int patchEmbeddingChannels() {
        return hasStem() ? stemChannels.get(stemChannels.size() - 1) : numChannels;
    }

    /** Side of the patch embedding's kernel: the patch, or 1 after a stem (which did the striding). */
    public int patchEmbeddingKernel() {
        return hasStem() ? 1 : patchSize;
    }

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
