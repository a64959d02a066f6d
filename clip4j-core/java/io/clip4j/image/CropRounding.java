package io.clip4j.image;

import io.clip4j.ClipException;
import java.util.Arrays;

/**
 * How the centre crop rounds its offset when the image is an odd number of pixels larger than
 * the crop: the two reference pipelines disagree by one pixel there (e.g. 143 px cropped to 96
 * starts at 23 in transformers and at 24 in torchvision), which shifts every pixel of the crop.
 * A model follows the rule of the pipeline it came from.
 */
public enum CropRounding {
    /** transformers' {@code CLIPImageProcessor}: {@code (size - crop) // 2}; Hugging Face checkpoints. */
    FLOOR("floor"),
    /**
     * torchvision's {@code CenterCrop} ({@code round((size - crop) / 2)}, halves to even), which the
     * original CLIP code and OpenCLIP use; their checkpoints.
     */
    HALF_EVEN("half_even");

    private final String jsonName;

    CropRounding(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name in {@code preprocessor_config.json} and on the command line. */
    public String jsonName() {
        return jsonName;
    }

    /** The offset of a {@code crop}-long window centred in {@code size} (size ≥ crop). */
    public long offset(long size, long crop) {
        long excess = size - crop;
        return this == FLOOR ? excess / 2 : (long) Math.rint(excess / 2.0);
    }

    /**
     * Parses {@code floor} or {@code half_even} ({@code half-even} too, as typed on a command line).
     *
     * @throws ClipException naming the accepted values
     */
    public static CropRounding parse(String name) {
        for (CropRounding r : values()) {
            if (r.jsonName.equals(name) || r.jsonName.replace('_', '-').equals(name)) {
                return r;
            }
        }
        throw new ClipException("crop rounding must be one of " + Arrays.stream(values()).map(CropRounding::jsonName).toList()
                + ", not '" + name + "'");
    }
}
