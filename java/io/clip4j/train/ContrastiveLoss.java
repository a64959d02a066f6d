package io.clip4j.train;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;

/**
 * CLIP's symmetric contrastive loss: within a batch of N image–text pairs, each image should
 * pick its own caption out of the N (cross-entropy over a row of the similarity matrix) and each
 * caption its own image (over a column), with the similarities multiplied by the learned
 * temperature {@code exp(logit_scale)}, capped at 100 as in CLIP.
 */
public final class ContrastiveLoss {
    /** ln(100): the cap on the temperature. */
    public static final double MAX_LOG_SCALE = Math.log(100);

    private ContrastiveLoss() {
    }

    /** The loss (a scalar tensor) for matching rows of image and text features (not yet normalised). */
    public static Tensor of(Tensor imageFeatures, Tensor textFeatures, Tensor logitScale) {
        Tensor logits = logits(imageFeatures, textFeatures, logitScale);
        Tensor imageToText = logits.log_softmax(1).diagonal().mean();
        Tensor textToImage = logits.log_softmax(0).diagonal().mean();
        return imageToText.add(textToImage).mul(new Scalar(-0.5));
    }

    /** {@code exp(min(logit_scale, ln 100)) · normalise(images) · normalise(texts)ᵀ}. */
    public static Tensor logits(Tensor imageFeatures, Tensor textFeatures, Tensor logitScale) {
        Tensor scale = logitScale.clamp(new ScalarOptional(), new ScalarOptional(new Scalar(MAX_LOG_SCALE))).exp();
        return normalised(imageFeatures).matmul(normalised(textFeatures).t()).mul(scale);
    }

    static Tensor normalised(Tensor f) {
        return f.div(f.norm(new ScalarOptional(new Scalar(2.0)), new long[] {-1}, true));
    }
}
