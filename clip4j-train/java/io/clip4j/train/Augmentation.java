package io.clip4j.train;

import java.util.Random;
import org.bytedeco.pytorch.InterpolateFuncOptions;
import org.bytedeco.pytorch.InterpolateMode;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.kBilinear;

/**
 * Optional training-time augmentation of preprocessed pixels: a random resized crop (a region
 * covering {@code minScale}–100% of the image, aspect 3/4–4/3, resized back) and a horizontal
 * flip with probability ½. Off by default: a flip changes what "left" and "right" mean.
 */
public record Augmentation(boolean crop, boolean flip, double minScale) {
    /** No augmentation. */
    public static Augmentation none() {
        return new Augmentation(false, false, 1.0);
    }

    /** Crop from 60% of the area and flip, the usual light setting. */
    public static Augmentation standard() {
        return new Augmentation(true, true, 0.6);
    }

    /** True when nothing is changed. */
    public boolean isNone() {
        return !crop && !flip;
    }

    Tensor apply(Tensor pixels, Random random) {
        if (isNone()) {
            return pixels;
        }
        long n = pixels.size(0);
        long h = pixels.size(2);
        long w = pixels.size(3);
        TensorVector rows = new TensorVector();
        for (long i = 0; i < n; i++) {
            Tensor x = pixels.narrow(0, i, 1);
            if (crop) {
                double area = minScale + (1 - minScale) * random.nextDouble();
                double aspect = Math.exp(Math.log(0.75) + (Math.log(4.0 / 3) - Math.log(0.75)) * random.nextDouble());
                long ch = Math.max(1, Math.min(h, Math.round(Math.sqrt(area / aspect) * h)));
                long cw = Math.max(1, Math.min(w, Math.round(Math.sqrt(area * aspect) * w)));
                long top = (long) (random.nextDouble() * (h - ch + 1));
                long left = (long) (random.nextDouble() * (w - cw + 1));
                InterpolateFuncOptions options = new InterpolateFuncOptions();
                options.size().put(new LongVector(h, w));
                options.mode().put(new InterpolateMode(new kBilinear()));
                options.align_corners().put(false);
                x = torch.interpolate(x.narrow(2, top, ch).narrow(3, left, cw), options);
            }
            if (flip && random.nextBoolean()) {
                x = x.flip(3);
            }
            rows.push_back(x);
        }
        return torch.cat(rows, 0);
    }
}
