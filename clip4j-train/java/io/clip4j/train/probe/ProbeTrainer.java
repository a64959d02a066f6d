package io.clip4j.train.probe;

import io.clip4j.internal.Tensors;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Fits multinomial logistic regression {@code softmax(x·Wᵀ + b)} to fixed features by minimising
 * {@code mean cross-entropy + λ/2·‖W‖²} with full-batch Adam, gradients from libtorch's autograd.
 *
 * <p>Why this optimiser: the objective is convex and smooth, and with the penalty it has one
 * minimum, so any optimiser that converges gives the same head; full-batch Adam with a cosine
 * decay of the step size to zero converges reliably on unit-length embeddings without a line
 * search and is a dozen lines of tensor ops. Why an explicit penalty rather than AdamW's decoupled
 * decay: the penalty is part of the loss, so the head is the minimiser of a stated objective
 * (what scikit-learn's {@code LogisticRegression} and the CLIP paper's probes fit), not a
 * property of the optimiser's trajectory.
 *
 * <p>Deterministic: the weights start at zero and every step uses all rows, so the same features
 * and options give the same head (on one device and thread count).
 */
final class ProbeTrainer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    /** The fitted weights and the objective at them. */
    record Fit(float[] weight, float[] bias, double loss) {
    }

    private ProbeTrainer() {
    }

    /**
     * @param features row-major {@code [rows, dim]}
     * @param targets  each row's class index in {@code [0, classes)}
     * @param device   where to train (the model's device)
     */
    static Fit fit(float[] features, int dim, int[] targets, int classes, ProbeOptions options, Device device) {
        int rows = targets.length;
        try (PointerScope scope = new PointerScope()) {
            TensorOptions float32 = new TensorOptions(device).dtype(new ScalarTypeOptional(ScalarType.Float));
            Tensor x = torch.from_blob(new FloatPointer(features), new long[] {rows, dim},
                    new TensorOptions(ScalarType.Float)).to(device, ScalarType.Float, false, true,
                    new org.bytedeco.pytorch.MemoryFormatOptional());
            long[] longTargets = new long[rows];
            for (int i = 0; i < rows; i++) {
                longTargets[i] = targets[i];
            }
            Tensor y = torch.from_blob(new LongPointer(longTargets), new long[] {rows},
                    new TensorOptions(ScalarType.Long)).to(device, ScalarType.Long, false, true,
                    new org.bytedeco.pytorch.MemoryFormatOptional());
            Tensor w = torch.zeros(new long[] {classes, dim}, float32);
            Tensor b = torch.zeros(new long[] {classes}, float32);
            w.set_requires_grad(true);
            b.set_requires_grad(true);
            Adam adamW = new Adam(w);
            Adam adamB = new Adam(b);
            for (int step = 1; step <= options.steps(); step++) {
                double lr = options.learningRate() * 0.5 * (1 + Math.cos(Math.PI * (step - 1) / options.steps()));
                try (PointerScope stepScope = new PointerScope()) {
                    objective(x, y, w, b, options.weightDecay()).backward();
                    try (NoGradGuard noGrad = new NoGradGuard()) {
                        adamW.step(step, lr);
                        adamB.step(step, lr);
                    }
                }
            }
            try (NoGradGuard noGrad = new NoGradGuard()) {
                double loss = objective(x, y, w, b, options.weightDecay()).item_double();
                return new Fit(Tensors.toFloats(w), Tensors.toFloats(b), loss);
            }
        }
    }

    /** Mean cross-entropy of {@code x·Wᵀ + b} against {@code y}, plus {@code λ/2·‖W‖²}. */
    static Tensor objective(Tensor x, Tensor y, Tensor w, Tensor b, double lambda) {
        Tensor loss = torch.cross_entropy_loss(torch.linear(x, w, new TensorOptional(b)), y);
        return lambda == 0 ? loss : loss.add(w.pow(new Scalar(2)).sum().mul(new Scalar(lambda / 2)));
    }

    /** One parameter's Adam moments; {@link #step} reads the gradient autograd left and clears it. */
    private static final class Adam {
        private final Tensor parameter;
        private final Tensor m;
        private final Tensor v;

        Adam(Tensor parameter) {
            this.parameter = parameter;
            this.m = torch.zeros_like(parameter);
            this.v = torch.zeros_like(parameter);
        }

        void step(int t, double lr) {
            Tensor g = parameter.grad();
            m.mul_(new Scalar(BETA1)).add_(g, new Scalar(1 - BETA1));
            v.mul_(new Scalar(BETA2)).addcmul_(g, g, new Scalar(1 - BETA2));
            double correction1 = 1 - Math.pow(BETA1, t);
            double correction2 = 1 - Math.pow(BETA2, t);
            Tensor denominator = v.div(new Scalar(correction2)).sqrt().add(new Scalar(EPS));
            parameter.addcdiv_(m, denominator, new Scalar(-lr / correction1));
            g.zero_();
        }
    }
}
