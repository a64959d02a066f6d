package io.clip4j.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clip4j.InvalidModelException;
import io.clip4j.internal.Checkpoint;
import io.clip4j.internal.CheckpointLayout;
import io.clip4j.internal.JsonFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CLIP's image preprocessing parameters, as in a model's {@code preprocessor_config.json}
 * (transformers' {@code CLIPImageProcessor}): resize the shortest edge, centre-crop, rescale
 * to [0, 1], normalise per channel. Missing fields take CLIP's defaults.
 *
 * <p>One field is clip4j's own: {@code crop_rounding} ({@code floor} or {@code half_even}), the
 * rule for a centre crop that cannot be exactly centred (see {@link CropRounding}). A file
 * without it is transformers', whose rule is {@code floor}; transformers ignores the field.
 *
 * @param shortestEdge the shorter image side after resizing (bicubic, antialiased)
 * @param cropHeight height of the centre crop
 * @param cropWidth width of the centre crop
 * @param rescaleFactor multiplies 8-bit values (1/255)
 * @param mean per-channel mean, RGB order
 * @param std per-channel standard deviation, RGB order
 * @param doResize whether to resize at all
 * @param doCenterCrop whether to crop at all
 * @param doRescale whether to multiply by {@code rescaleFactor}
 * @param doNormalize whether to subtract {@code mean} and divide by {@code std}
 * @param cropRounding how the centre crop's offset is rounded
 */
public record PreprocessConfig(int shortestEdge, int cropHeight, int cropWidth, double rescaleFactor,
                               double[] mean, double[] std, boolean doResize, boolean doCenterCrop,
                               boolean doRescale, boolean doNormalize, CropRounding cropRounding) {
    /** The file name inside a model directory. */
    public static final String FILE = "preprocessor_config.json";
    private static final double[] CLIP_MEAN = {0.48145466, 0.4578275, 0.40821073};
    private static final double[] CLIP_STD = {0.26862954, 0.26130258, 0.27577711};
    private static final int BICUBIC = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** clip4j's field for {@link #cropRounding}. */
    public static final String CROP_ROUNDING_FIELD = "crop_rounding";

    /** Checks the fields that have no natural default. */
    public PreprocessConfig {
        if (cropRounding == null) {
            throw new io.clip4j.ClipException("cropRounding must not be null");
        }
    }

    /** CLIP's own settings for a square input of {@code imageSize} pixels, cropped as transformers does. */
    public static PreprocessConfig defaults(int imageSize) {
        return new PreprocessConfig(imageSize, imageSize, imageSize, 1 / 255.0, CLIP_MEAN.clone(), CLIP_STD.clone(),
                true, true, true, true, CropRounding.FLOOR);
    }

    /**
     * Reads the model directory's {@code preprocessor_config.json}; without one, CLIP's defaults
     * for {@code imageSize}, cropped by the rule of the pipeline the weights came from (see
     * {@link #forModel(Path, int, CheckpointLayout)}).
     */
    public static PreprocessConfig forModel(Path modelDir, int imageSize) {
        Path file = modelDir.resolve(FILE);
        if (Files.exists(file)) {
            return read(file, imageSize);
        }
        try (Checkpoint checkpoint = Checkpoint.open(modelDir)) {
            return forModel(modelDir, imageSize, checkpoint.layout());
        }
    }

    /**
     * Reads the model directory's {@code preprocessor_config.json}; without one, OpenCLIP's
     * {@code open_clip_config.json} ({@code preprocess_cfg}); without either, CLIP's defaults
     * for {@code imageSize}: an original-CLIP export ({@code layout} OPENAI) was trained through
     * torchvision and crops half-to-even, a Hugging Face folder crops as transformers does.
     */
    public static PreprocessConfig forModel(Path modelDir, int imageSize, CheckpointLayout layout) {
        Path file = modelDir.resolve(FILE);
        if (Files.exists(file)) {
            return read(file, imageSize);
        }
        java.util.Optional<io.clip4j.internal.OpenClipConfig> openClip = io.clip4j.internal.OpenClipConfig.in(modelDir);
        if (openClip.isPresent()) {
            return openClip.get().preprocessing(imageSize);
        }
        return defaults(imageSize).withCropRounding(layout == CheckpointLayout.OPENAI ? CropRounding.HALF_EVEN : CropRounding.FLOOR);
    }

    /**
     * Checks these settings against the vision tower before any image is resized: the crop must be the
     * tower's input size (else every image fails at the encoder, after a resize of crop-sized memory),
     * and the resize at most {@value #MAX_RESIZE_RATIO} times it.
     *
     * @throws InvalidModelException naming the folder's preprocessing file and field
     */
    public void requireFits(Path modelDir, int imageSize) {
        Path file = Files.exists(modelDir.resolve(FILE)) ? modelDir.resolve(FILE)
                : modelDir.resolve(io.clip4j.internal.OpenClipConfig.FILE);
        if (doCenterCrop && (cropHeight != imageSize || cropWidth != imageSize)) {
            throw new InvalidModelException(file, "crop_size " + cropHeight + "x" + cropWidth
                    + " does not match the vision tower's image_size " + imageSize);
        }
        if (doResize && (long) shortestEdge > (long) MAX_RESIZE_RATIO * imageSize) {
            throw new InvalidModelException(file, "size.shortest_edge " + shortestEdge + " is over " + MAX_RESIZE_RATIO
                    + " times the vision tower's image_size " + imageSize);
        }
    }

    /** How much larger than the crop a resize may be (CLIP resizes to the crop; 256 for 224 is usual). */
    public static final int MAX_RESIZE_RATIO = 8;

    /** A copy whose centre crop rounds by {@code rounding}. */
    public PreprocessConfig withCropRounding(CropRounding rounding) {
        return new PreprocessConfig(shortestEdge, cropHeight, cropWidth, rescaleFactor, mean.clone(), std.clone(),
                doResize, doCenterCrop, doRescale, doNormalize, rounding);
    }

    /** Reads and validates a {@code preprocessor_config.json}. */
    public static PreprocessConfig read(Path file, int imageSize) {
        JsonNode root = JsonFiles.readObject(file);
        Fields f = new Fields(file, root);
        int resample = f.integer("resample", BICUBIC);
        if (resample != BICUBIC) {
            throw new InvalidModelException(file, "field 'resample' is " + resample + "; only 3 (bicubic) is supported");
        }
        int shortest = f.size("size", "shortest_edge", imageSize);
        int cropHeight = f.size("crop_size", "height", imageSize);
        int cropWidth = f.size("crop_size", "width", cropHeight);
        return new PreprocessConfig(shortest, cropHeight, cropWidth,
                f.number("rescale_factor", 1 / 255.0), f.triple("image_mean", CLIP_MEAN), f.positiveTriple("image_std", CLIP_STD),
                f.bool("do_resize"), f.bool("do_center_crop"), f.bool("do_rescale"), f.bool("do_normalize"),
                f.cropRounding());
    }

    /**
     * These settings as transformers' {@code CLIPImageProcessor} writes its
     * {@code preprocessor_config.json} (same fields, same order), so that a model folder clip4j
     * writes preprocesses the same in transformers and in {@link #read}.
     */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode crop = root.putObject("crop_size");
        crop.put("height", cropHeight);
        crop.put("width", cropWidth);
        root.put("do_center_crop", doCenterCrop);
        root.put(CROP_ROUNDING_FIELD, cropRounding.jsonName());
        root.put("do_convert_rgb", true);
        root.put("do_normalize", doNormalize);
        root.put("do_rescale", doRescale);
        root.put("do_resize", doResize);
        var meanArray = root.putArray("image_mean");
        for (double m : mean) {
            meanArray.add(m);
        }
        root.put("image_processor_type", "CLIPImageProcessor");
        var stdArray = root.putArray("image_std");
        for (double s : std) {
            stdArray.add(s);
        }
        root.put("resample", BICUBIC);
        root.put("rescale_factor", rescaleFactor);
        root.putObject("size").put("shortest_edge", shortestEdge);
        return root;
    }

    /** Typed access to the fields of one file; every error names the file and field. */
    private record Fields(Path file, JsonNode root) {
        int integer(String name, int fallback) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() <= 0) {
                throw new InvalidModelException(file, "field '" + name + "' must be a positive integer, not " + n);
            }
            return n.intValue();
        }

        /** {@code size}/{@code crop_size}: an integer, or an object with the given key. */
        int size(String name, String key, int fallback) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (n.isObject()) {
                JsonNode v = n.get(key);
                if (v == null && key.equals("shortest_edge")) {
                    v = n.get("height"); // {"height": H, "width": W} sizes: treat H as the target
                }
                if (v == null || !v.isIntegralNumber() || v.intValue() <= 0) {
                    throw new InvalidModelException(file, "field '" + name + "." + key + "' must be a positive integer");
                }
                return v.intValue();
            }
            return integer(name, fallback);
        }

        double number(String name, double fallback) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isNumber() || !(n.doubleValue() > 0)) {
                throw new InvalidModelException(file, "field '" + name + "' must be a positive number, not " + n);
            }
            return n.doubleValue();
        }

        double[] triple(String name, double[] fallback) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                return fallback.clone();
            }
            if (!n.isArray() || n.size() != 3) {
                throw new InvalidModelException(file, "field '" + name + "' must be an array of 3 numbers, not " + n);
            }
            double[] out = new double[3];
            for (int i = 0; i < 3; i++) {
                if (!n.get(i).isNumber()) {
                    throw new InvalidModelException(file, "field '" + name + "[" + i + "]' must be a number");
                }
                out[i] = n.get(i).doubleValue();
            }
            return out;
        }

        double[] positiveTriple(String name, double[] fallback) {
            double[] values = triple(name, fallback);
            for (int i = 0; i < 3; i++) {
                if (!(values[i] > 0)) {
                    throw new InvalidModelException(file, "field '" + name + "[" + i + "]' must be positive, not " + values[i]);
                }
            }
            return values;
        }

        CropRounding cropRounding() {
            JsonNode n = root.get(CROP_ROUNDING_FIELD);
            if (n == null || n.isNull()) {
                return CropRounding.FLOOR;
            }
            try {
                return CropRounding.parse(n.isTextual() ? n.textValue() : n.toString());
            } catch (io.clip4j.ClipException e) {
                throw new InvalidModelException(file, "field '" + CROP_ROUNDING_FIELD + "': " + e.getMessage());
            }
        }

        boolean bool(String name) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                return true;
            }
            if (!n.isBoolean()) {
                throw new InvalidModelException(file, "field '" + name + "' must be true or false, not " + n);
            }
            return n.booleanValue();
        }
    }
}
