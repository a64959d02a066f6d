package io.clip4j.internal;

import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.HuggingFaceTensors;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Turns parameters in the internal layout back into the tensors a Hugging Face
 * {@code model.safetensors} holds: the inverse of what {@link ClipWeights} does on loading.
 * Each fused {@code self_attn.qkv_proj} is split along its rows into {@code q_proj},
 * {@code k_proj} and {@code v_proj} (in that order, as {@link ClipWeights} stacked them); every
 * other parameter keeps its name, which is already the Hugging Face one; {@code logit_scale}
 * becomes a 0-dimensional tensor, as transformers stores it.
 *
 * <p>The results are detached, contiguous CPU copies in the requested dtype, so a training step
 * running on the originals afterwards cannot change what gets written. They are ordinary
 * temporaries: call this inside a {@code PointerScope} that ends after they are written.
 */
public final class HuggingFaceTensors {
    private static final String[] QKV = {"q_proj", "k_proj", "v_proj"};
    private static final String FUSED = ".self_attn.qkv_proj.";

    private HuggingFaceTensors() {
    }

    /** The Hugging Face tensors for {@code internal} parameters (any device, dtype, grad state). */
    public static Map<String, Tensor> of(Map<String, Tensor> internal, ScalarType dtype) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Device cpu = new Device("cpu");
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (var e : internal.entrySet()) {
                String name = e.getKey();
                Tensor t = e.getValue().detach();
                if (name.contains(FUSED)) {
                    long rows = t.size(0) / QKV.length;
                    for (int i = 0; i < QKV.length; i++) {
                        out.put(name.replace("qkv_proj", QKV[i]), hostCopy(t.narrow(0, i * rows, rows), cpu, dtype));
                    }
                } else if (name.equals("logit_scale")) {
                    out.put(name, hostCopy(t.reshape(new long[0]), cpu, dtype));
                } else {
                    out.put(name, hostCopy(t, cpu, dtype));
                }
            }
        }
        return out;
    }

    private static Tensor hostCopy(Tensor t, Device cpu, ScalarType dtype) {
        return t.to(cpu, dtype, false, true, new MemoryFormatOptional()).contiguous();
    }
}
