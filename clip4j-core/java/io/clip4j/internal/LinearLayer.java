package io.clip4j.internal;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** One linear layer of a transformer block: {@code x · Wᵀ + b}, however its weights are kept. */
interface LinearLayer {
    /** Applies the layer to {@code x} [..., in]. */
    Tensor apply(Tensor x);

    /**
     * {@code x · Wᵀ}, leaving {@link #deferredBias()} for the caller to add in a fused kernel;
     * layers that cannot leave it out apply it and have no deferred bias.
     */
    default Tensor applyDeferringBias(Tensor x) {
        return apply(x);
    }

    /** The bias {@link #applyDeferringBias} left out, or null when it added it. */
    default Tensor deferredBias() {
        return null;
    }

    /** The weights as loaded (any dtype or device), through libtorch's {@code linear}. */
    record Dense(Tensor weight, Tensor bias) implements LinearLayer {
        @Override
        public Tensor apply(Tensor x) {
            return torch.linear(x, weight, new TensorOptional(bias));
        }

        @Override
        public Tensor applyDeferringBias(Tensor x) {
            return torch.linear(x, weight, new TensorOptional());
        }

        @Override
        public Tensor deferredBias() {
            return bias;
        }
    }
}
