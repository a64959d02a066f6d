package io.clip4j.bench;

import io.clip4j.model.TextConfig;
import io.clip4j.model.VisionConfig;

/**
 * Floating-point operations of one encoder pass, counting a multiply-add as two and only the
 * matrix products (patch convolution, projections, attention, MLP): the work a GEMM rate is
 * compared against. Elementwise work (norms, activations, softmax) is left out.
 */
public final class FlopCount {
    private FlopCount() {
    }

    /** FLOPs to encode one image. */
    public static double visionPerImage(VisionConfig v, int projectionDim) {
        double width = v.hiddenSize();
        double tokens = v.tokens();
        double kernel = v.patchEmbeddingKernel();
        double patches = 2 * (tokens - 1) * width * v.patchEmbeddingChannels() * kernel * kernel;
        return stem(v) + patches + v.layers() * block(tokens, width, v.intermediateSize()) + 2 * width * projectionDim;
    }

    /** The optional convolutional stem: 3×3 convolutions, each output at half the side of its input. */
    private static double stem(VisionConfig v) {
        double flops = 0;
        double side = v.imageSize();
        double channels = v.numChannels();
        for (int out : v.stemChannels()) {
            side /= 2;
            flops += 2 * side * side * out * channels * 9;
            channels = out;
        }
        return flops;
    }

    /** FLOPs to encode one text of {@code tokens} tokens. */
    public static double textPerSequence(TextConfig t, int tokens, int projectionDim) {
        double width = t.hiddenSize();
        return t.layers() * block(tokens, width, t.intermediateSize()) + 2 * width * projectionDim;
    }

    private static double block(double tokens, double width, double mlp) {
        double projections = 2 * tokens * width * (3 * width + width); // qkv + out
        double attention = 2 * 2 * tokens * tokens * width;            // scores + weighted sum
        double feedForward = 2 * 2 * tokens * width * mlp;             // fc1 + fc2
        return projections + attention + feedForward;
    }
}
