package io.clip4j.internal;

import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.Transformer;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * The pre-LayerNorm transformer both towers share: per block,
 * {@code x += attn(ln1(x)); x += mlp(ln2(x))}, with one fused QKV projection and libtorch's
 * {@code scaled_dot_product_attention}. Holds references to weights owned by {@link ClipWeights}.
 * Every call allocates only temporaries; callers run it inside a {@code PointerScope}.
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

    /**
     * @param int8Linears quantize the four linear layers of every block to int8 ({@link Int8Linear},
     *     fp32 CPU weights only; the quantized copies belong to {@code w} and are freed with it)
     */
    Transformer(ClipWeights w, String prefix, int layers, int width, int heads, double eps, String hiddenAct,
                boolean int8Linears) {
        this.width = width;
        this.heads = heads;
        this.eps = eps;
        this.activation = Activation.of(hiddenAct);
        this.blocks = new Block[layers];
        for (int i = 0; i < layers; i++) {
            String p = prefix + i + ".";
            blocks[i] = new Block(
                    w.get(p + "layer_norm1.weight"), w.get(p + "layer_norm1.bias"),
                    linear(w, p + "self_attn.qkv_proj", int8Linears), linear(w, p + "self_attn.out_proj", int8Linears),
                    w.get(p + "layer_norm2.weight"), w.get(p + "layer_norm2.bias"),
                    linear(w, p + "mlp.fc1", int8Linears), linear(w, p + "mlp.fc2", int8Linears));
        }
    }

    private static LinearLayer linear(ClipWeights w, String name, boolean int8) {
        Tensor weight = w.get(name + ".weight");
        Tensor bias = w.get(name + ".bias");
        return int8 ? w.own(Int8Linear.quantize(weight, bias)) : new LinearLayer.Dense(weight, bias);
    }

    /** Runs every block over {@code x} [batch, tokens, width]; causal for the text tower. */
    Tensor forward(Tensor x, boolean causal) {
        // Each block's temporaries are freed when the block ends, and its input once the next
        // block has run: otherwise every layer's activations would live until the caller's scope
        // closes (ViT-L/14 at batch 256 peaked at 85 GB on a GPU that way).
        Tensor current = x;
        for (Block b : blocks) {
            Tensor next;
            try (PointerScope block = new PointerScope()) {
                Tensor h = current.add(attention(layerNorm(current, b.ln1Weight(), b.ln1Bias()), b, causal));
                next = h.add(mlp(layerNorm(h, b.ln2Weight(), b.ln2Bias()), b));
                next.retainReference();
            }
            if (current != x) {
                current.releaseReference();
            }
            current = next;
        }
        PointerScope caller = PointerScope.getInnerScope();
        if (current != x && caller != null) {
            caller.attach(current); // the caller's scope owns the result, as with any other op
            current.releaseReference();
        }
        return current;
    }

    Tensor layerNorm(Tensor x, Tensor weight, Tensor bias) {
        return torch.layer_norm(x, new long[] {width}, new TensorOptional(weight), new TensorOptional(bias), eps, true);
    }

    private Tensor attention(Tensor x, Block b, boolean causal) {
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
        return b.out().apply(merged);
    }

    private Tensor mlp(Tensor x, Block b) {
        return b.fc2().apply(activation.apply(b.fc1().apply(x)));
    }
}
