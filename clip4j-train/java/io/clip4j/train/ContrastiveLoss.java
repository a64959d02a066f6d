package io.clip4j.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

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

    /**
     * The loss when captions in the batch may repeat (labels turned into captions, "a red
     * triangle" many times): an image's matches are all the rows with its caption's text, and a
     * caption's all the images with that text, the target spread evenly over them, instead of
     * counting identical captions as wrong answers. With distinct captions this equals
     * {@link #of(Tensor, Tensor, Tensor)}.
     *
     * @param captions the caption of each row, in order
     */
    public static Tensor of(Tensor imageFeatures, Tensor textFeatures, Tensor logitScale, List<String> captions) {
        Tensor logits = logits(imageFeatures, textFeatures, logitScale);
        Tensor targets = sameCaption(captions).to(logits.device(), logits.scalar_type());
        targets = targets.div(targets.sum(new long[] {1}, true, new ScalarTypeOptional()));
        Tensor imageToText = targets.mul(logits.log_softmax(1)).sum(new long[] {1}, false, new ScalarTypeOptional()).mean();
        Tensor textToImage = targets.mul(logits.log_softmax(0)).sum(new long[] {0}, false, new ScalarTypeOptional()).mean();
        return imageToText.add(textToImage).mul(new Scalar(-0.5));
    }

    /** [N, N] of 1 where captions i and j are the same text, else 0 (symmetric, so rows and columns alike). */
    static Tensor sameCaption(List<String> captions) {
        Map<String, Long> ids = new HashMap<>();
        long[] group = new long[captions.size()];
        for (int i = 0; i < group.length; i++) {
            group[i] = ids.computeIfAbsent(captions.get(i), c -> (long) ids.size());
        }
        Tensor g = torch.tensor(group);
        return g.unsqueeze(1).eq(g.unsqueeze(0)).to(ScalarType.Float);
    }

    /** {@code exp(min(logit_scale, ln 100)) · normalise(images) · normalise(texts)ᵀ}. */
    public static Tensor logits(Tensor imageFeatures, Tensor textFeatures, Tensor logitScale) {
        Tensor scale = logitScale.clamp(new ScalarOptional(), new ScalarOptional(new Scalar(MAX_LOG_SCALE))).exp();
        return normalised(imageFeatures).matmul(normalised(textFeatures).t()).mul(scale);
    }

    static Tensor normalised(Tensor f) {
        return io.clip4j.internal.Tensors.unitRows(f);
    }
}
