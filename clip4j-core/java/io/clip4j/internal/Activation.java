package io.clip4j.internal;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** The MLP activations CLIP checkpoints use, by their {@code hidden_act} names. */
enum Activation {
    /** {@code x * sigmoid(1.702 x)}, the original CLIP's. */
    QUICK_GELU,
    /** The exact (erf) GELU. */
    GELU,
    /** The tanh approximation of GELU. */
    GELU_TANH;

    static Activation of(String hiddenAct) {
        return switch (hiddenAct) {
            case "quick_gelu" -> QUICK_GELU;
            case "gelu" -> GELU;
            case "gelu_pytorch_tanh", "gelu_new" -> GELU_TANH;
            default -> throw new IllegalArgumentException("unsupported hidden_act " + hiddenAct);
        };
    }

    Tensor apply(Tensor x) {
        return switch (this) {
            case QUICK_GELU -> x.mul(torch.sigmoid(x.mul(new Scalar(1.702))));
            case GELU -> torch.gelu(x);
            case GELU_TANH -> torch.gelu(x, "tanh");
        };
    }
}
