package io.clip4j.internal;

import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.Transformer;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * The pre-LayerNorm transformer both towers share: per block,
 * {@code x += attn(ln1(x)); x += mlp(ln2(x))}, with one fused QKV projection and libtorch's
 * {@code scaled_dot_product_attention}. Holds references to weights owned by {@link ClipWeights}.
 * Every call allocates only temporaries; callers run it inside a {@code PointerScope}.
 *
 * <p>With fused kernels ({@link FusedKernels}) the same block runs as
 * {@code (h, n2) = addLayerNorm(x, attn'(n1), outBias, ln2)}, {@code f = quick_gelu(fc1'(n2) + b1)},
 * {@code (x', n1') = addLayerNorm(h, fc2'(f), b2, next block's ln1)}, where {@code '} marks a
 * linear layer run without its bias: the residual add, the bias and the next LayerNorm are one
 * pass, and so are the bias and the activation.
 */
final class Transformer {
    /** One block's parameters. */
    private record Block(Tensor ln1Weight, Tensor ln1Bias, LinearLayer qkv, LinearLayer out,
                         Tensor ln2Weight, Tensor ln2Bias, LinearLayer fc1, LinearLayer fc2) {
    }

    private final Block[] blocks;
    private final int width;
    private final int heads;
    private final double eps;
    private final Activation activation;
    private final boolean fused;

    /**
     * @param linears how the four linear layers of every block keep their weights: as loaded, or
     *     quantized to int8 ({@link Int8Linear}) or FP8 ({@link Fp8Linear}); quantized copies belong
     *     to {@code w} and are freed with it
     * @param fused run the element-wise work through the native fused kernels where they take the
     *     activations' dtype and device ({@link FusedKernels#supports}); libtorch's kernels elsewhere
     */
    Transformer(ClipWeights w, String prefix, int layers, int width, int heads, double eps, String hiddenAct,
                LinearWeights linears, boolean fused) {
        this.fused = fused;
        this.width = width;
        this.heads = heads;
        this.eps = eps;
        this.activation = Activation.of(hiddenAct);
        this.blocks = new Block[layers];
        for (int i = 0; i < layers; i++) {
            String p = prefix + i + ".";
            blocks[i] = new Block(
                    w.get(p + "layer_norm1.weight"), w.get(p + "layer_norm1.bias"),
                    linear(w, p + "self_attn.qkv_proj", linears), linear(w, p + "self_attn.out_proj", linears),
                    w.get(p + "layer_norm2.weight"), w.get(p + "layer_norm2.bias"),
                    linear(w, p + "mlp.fc1", linears), linear(w, p + "mlp.fc2", linears));
        }
    }

    private static LinearLayer linear(ClipWeights w, String name, LinearWeights kind) {
        Tensor weight = w.get(name + ".weight");
        Tensor bias = w.get(name + ".bias");
        return switch (kind) {
            case AS_LOADED -> new LinearLayer.Dense(weight, bias);
            case INT8 -> w.derived(name + "#int8", () -> Int8Linear.quantize(weight, bias));
            case FP8 -> w.derived(name + "#fp8", () -> Fp8Linear.quantize(name, weight, bias));
        };
    }

    /** Runs every block over {@code x} [batch, tokens, width]; causal for the text tower. */
    Tensor forward(Tensor x, boolean causal) {
        if (fused && FusedKernels.supports(x)) {
            return forwardFused(x.contiguous(), causal, FusedKernels.currentStream(x));
        }
        // Each block's temporaries are freed when the block ends, and its input once the next
        // block has run: otherwise every layer's activations would live until the caller's scope
        // closes (ViT-L/14 at batch 256 peaked at 85 GB on a GPU that way).
        Tensor current = x;
        for (Block b : blocks) {
            Tensor next;
            try (PointerScope block = new PointerScope()) {
                Tensor h = current.add(attention(layerNorm(current, b.ln1Weight(), b.ln1Bias()), b, causal, false));
                next = h.add(mlp(layerNorm(h, b.ln2Weight(), b.ln2Bias()), b));
                next.retainReference();
            }
            if (current != x) {
                current.releaseReference();
            }
            current = next;
        }
        return toCallersScope(current, x);
    }

    /** {@link #forward} through the fused kernels (see the class comment), on {@code stream}'s queue. */
    private Tensor forwardFused(Tensor x, boolean causal, Pointer stream) {
        Tensor current = x;
        Tensor normed = null; // ln1(current), made by the previous block's last fused pass
        for (int i = 0; i < blocks.length; i++) {
            Block b = blocks[i];
            Tensor next;
            Tensor nextNormed = null;
            try (PointerScope block = new PointerScope()) {
                Tensor n1 = normed != null ? normed : layerNorm(current, b.ln1Weight(), b.ln1Bias());
                Tensor[] h = FusedKernels.addLayerNorm(current, attention(n1, b, causal, true), b.out().deferredBias(),
                        b.ln2Weight(), b.ln2Bias(), eps, stream);
                Tensor m = mlpFused(h[1], b, stream);
                Tensor bias = b.fc2().deferredBias();
                if (i + 1 < blocks.length) {
                    Block following = blocks[i + 1];
                    Tensor[] r = FusedKernels.addLayerNorm(h[0], m, bias, following.ln1Weight(), following.ln1Bias(), eps,
                            stream);
                    next = r[0];
                    nextNormed = r[1];
                    nextNormed.retainReference();
                } else {
                    next = h[0].add(bias == null ? m : m.add_(bias)); // no LayerNorm follows inside the transformer
                }
                next.retainReference();
            }
            if (current != x) {
                current.releaseReference();
            }
            if (normed != null) {
                normed.releaseReference();
            }
            current = next;
            normed = nextNormed;
        }
        return toCallersScope(current, x);
    }

    /**
     * The last block's output, which the loop kept past the blocks' scopes, handed to the
     * caller's scope, which then owns it as with any other op ({@code x} itself, for no blocks).
     */
    private static Tensor toCallersScope(Tensor result, Tensor x) {
        PointerScope caller = PointerScope.getInnerScope();
        if (result != x && caller != null) {
            caller.attach(result);
            result.releaseReference();
        }
        return result;
    }

    /** fc2'(quick_gelu(fc1'(x) + b1)): fc2's bias is left for the caller's fused add. */
    private Tensor mlpFused(Tensor x, Block b, Pointer stream) {
        Tensor f = b.fc1().applyDeferringBias(x);
        Tensor bias = b.fc1().deferredBias();
        if (bias != null && activation == Activation.QUICK_GELU) {
            FusedKernels.biasQuickGelu(f, bias, stream);
        } else {
            f = activation.apply(bias == null ? f : f.add_(bias));
        }
        return b.fc2().applyDeferringBias(f);
    }

    Tensor layerNorm(Tensor x, Tensor weight, Tensor bias) {
        return torch.layer_norm(x, new long[] {width}, new TensorOptional(weight), new TensorOptional(bias), eps, true);
    }

    /** Self-attention; with {@code deferBias}, the output projection leaves its bias to the caller. */
    private Tensor attention(Tensor x, Block b, boolean causal, boolean deferBias) {
        long batch = x.size(0);
        long tokens = x.size(1);
        long headDim = width / heads;
        // [B, T, 3W] -> [3, B, H, T, D]: q, k and v for all heads from one GEMM.
        Tensor qkv = b.qkv().apply(x)
                .view(batch, tokens, 3, heads, headDim)
                .permute(2, 0, 3, 1, 4);
        Tensor attended = torch.scaled_dot_product_attention(qkv.select(0, 0), qkv.select(0, 1), qkv.select(0, 2),
                new TensorOptional(), 0.0, causal, new DoubleOptional(), false);
        Tensor merged = attended.transpose(1, 2).reshape(batch, tokens, width);
        return deferBias ? b.out().applyDeferringBias(merged) : b.out().apply(merged);
    }

    private Tensor mlp(Tensor x, Block b) {
        return b.fc2().apply(activation.apply(b.fc1().apply(x)));
    }
}
