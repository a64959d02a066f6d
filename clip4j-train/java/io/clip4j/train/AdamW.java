package io.clip4j.train;

import io.clip4j.internal.PastScope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), written out with tensor ops so the
 * rule is visible and its state can be saved and resumed: {@code m ← β1·m + (1−β1)·g},
 * {@code v ← β2·v + (1−β2)·g²}, {@code p ← p·(1 − lr·wd) − lr·m̂/(√v̂ + ε)}. As in CLIP's
 * training, biases, LayerNorm gains, embeddings and the temperature get no weight decay.
 */
public final class AdamW implements AutoCloseable {
    private final Map<String, Tensor> parameters;
    private final Map<String, Tensor> firstMoments = new LinkedHashMap<>();
    private final Map<String, Tensor> secondMoments = new LinkedHashMap<>();
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private long step;

    /** An optimiser over {@code parameters} (by name), moments starting at zero. */
    public AdamW(Map<String, Tensor> parameters, double weightDecay) {
        this(parameters, 0.9, 0.98, 1e-6, weightDecay); // CLIP's own betas and epsilon
    }

    AdamW(Map<String, Tensor> parameters, double beta1, double beta2, double eps, double weightDecay) {
        this.parameters = parameters;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            parameters.forEach((name, p) -> {
                firstMoments.put(name, PastScope.keep(torch.zeros_like(p)));
                secondMoments.put(name, PastScope.keep(torch.zeros_like(p)));
            });
        }
    }

    /** True for the parameters that get weight decay: matrices other than embeddings. */
    static boolean decays(String name, Tensor p) {
        return p.dim() >= 2 && !name.contains("embedding");
    }

    /** One update with learning rate {@code lr} from the gradients autograd left on the parameters. */
    public void step(double lr) {
        step++;
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            parameters.forEach((name, p) -> {
                Tensor g = p.grad();
                if (!g.defined()) {
                    return;
                }
                Tensor m = firstMoments.get(name).mul_(new Scalar(beta1)).add_(g, new Scalar(1 - beta1));
                Tensor v = secondMoments.get(name).mul_(new Scalar(beta2)).add_(g.mul(g), new Scalar(1 - beta2));
                if (weightDecay > 0 && decays(name, p)) {
                    p.mul_(new Scalar(1 - lr * weightDecay));
                }
                Tensor denominator = v.div(new Scalar(correction2)).sqrt().add(new Scalar(eps));
                p.add_(m.div(denominator), new Scalar(-lr / correction1));
            });
        }
    }

    /** Clears the gradients before the next accumulation. */
    public void zeroGrad() {
        try (PointerScope scope = new PointerScope()) {
            parameters.values().forEach(p -> {
                Tensor g = p.mutable_grad();
                if (g.defined()) {
                    g.zero_();
                }
            });
        }
    }

    /**
     * Scales the gradients down so their global L2 norm is at most {@code maxNorm} (no-op for
     * {@code maxNorm <= 0}); returns the norm before clipping.
     */
    public double clipGradients(double maxNorm) {
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            double squares = 0;
            for (Tensor p : parameters.values()) {
                Tensor g = p.grad();
                if (g.defined()) {
                    double n = g.norm().item_double();
                    squares += n * n;
                }
            }
            double norm = Math.sqrt(squares);
            if (maxNorm > 0 && norm > maxNorm) {
                double factor = maxNorm / (norm + 1e-6);
                parameters.values().forEach(p -> {
                    Tensor g = p.mutable_grad();
                    if (g.defined()) {
                        g.mul_(new Scalar(factor));
                    }
                });
            }
            return norm;
        }
    }

    /** Keeps the temperature in [0, ln 100] after a step, as CLIP does. */
    public static void clampTemperature(Tensor logitScale) {
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            logitScale.clamp_(new ScalarOptional(new Scalar(0.0)), new ScalarOptional(new Scalar(ContrastiveLoss.MAX_LOG_SCALE)));
        }
    }

    /** Updates done so far. */
    public long steps() {
        return step;
    }

    /** The moments, named {@code m.<param>} and {@code v.<param>}, to save for resuming. */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        firstMoments.forEach((n, t) -> out.put("m." + n, t));
        secondMoments.forEach((n, t) -> out.put("v." + n, t));
        return out;
    }

    /** Restores moments saved by {@link #state()} and the step count. */
    public void restore(Map<String, Tensor> saved, long steps) {
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            firstMoments.forEach((n, t) -> copyInto(t, saved.get("m." + n), n));
            secondMoments.forEach((n, t) -> copyInto(t, saved.get("v." + n), n));
        }
        this.step = steps;
    }

    private static void copyInto(Tensor target, Tensor saved, String name) {
        if (saved == null) {
            throw new io.clip4j.ClipException("optimiser state has no moments for '" + name + "'");
        }
        target.copy_(saved);
    }


    /** Frees the moments. */
    @Override
    public void close() {
        firstMoments.values().forEach(Tensor::close);
        secondMoments.values().forEach(Tensor::close);
    }
}
