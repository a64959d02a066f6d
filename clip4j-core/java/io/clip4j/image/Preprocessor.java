package io.clip4j.image;

import io.clip4j.ClipException;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.InterpolateFuncOptions;
import org.bytedeco.pytorch.InterpolateMode;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.kBicubic;

/**
 * CLIP's preprocessing on libtorch, matching transformers' {@code CLIPImageProcessor}: resize
 * so the shortest edge is {@code shortestEdge} (bicubic, antialiased, on 8-bit values), centre
 * crop (offsets rounded by the model's {@link CropRounding}), rescale, normalise, RGB channels first.
 *
 * <p>Frames arrive as 8-bit BGR {@link Mat}s and are wrapped, not copied. On the CPU the resize
 * reads each Mat's own memory and runs libtorch's uint8 antialiased bicubic kernel, the one
 * transformers uses through torchvision, so the result is identical to the reference. On a CUDA
 * device, which has no uint8 kernel, frames of one size (video) go to the GPU once as one uint8
 * batch and are resized there in float, one axis at a time with rounding to 8-bit levels
 * between the passes, as the uint8 kernel does (within two 8-bit levels of it, measured on the
 * fixture images; the uint8 kernel's fixed-point weights account for the rest). Calls make only
 * temporaries plus the returned tensor: run them inside a {@code PointerScope}.
 */
public final class Preprocessor {
    private final PreprocessConfig config;
    private final boolean floatResizeOnCpu;

    /** A preprocessor with the given parameters. */
    public Preprocessor(PreprocessConfig config) {
        this(config, false);
    }

    /** With {@code floatResizeOnCpu}, the CPU takes the GPU's float path (to test it without a GPU). */
    Preprocessor(PreprocessConfig config, boolean floatResizeOnCpu) {
        this.config = config;
        this.floatResizeOnCpu = floatResizeOnCpu;
    }

    /** The parameters. */
    public PreprocessConfig config() {
        return config;
    }

    /**
     * A uint8 tensor {@code [rows, cols, 3]} (BGR) over the Mat's pixel memory: no copy, any
     * row stride. Valid only while the Mat is.
     *
     * @throws ClipException when the Mat is empty or not 8-bit with 3 channels
     */
    public static Tensor wrap(Mat bgr) {
        if (bgr == null || bgr.isNull() || bgr.empty() || bgr.depth() != 0 /* CV_8U */ || bgr.channels() != 3) {
            throw new ClipException("frames must be non-empty 8-bit BGR Mats (CV_8UC3), not "
                    + (bgr == null || bgr.isNull() ? "null" : bgr.empty() ? "an empty Mat" : "type " + bgr.type()));
        }
        long[] shape = {bgr.rows(), bgr.cols(), 3};
        long[] strides = {bgr.step(), 3, 1};
        return torch.from_blob(bgr.data(), shape, strides, new TensorOptions(ScalarType.Byte));
    }

    /**
     * Preprocesses BGR frames into one batch {@code [N, 3, cropHeight, cropWidth]} of {@code dtype}
     * on {@code device}.
     */
    public Tensor batch(List<Mat> frames, Device device, ScalarType dtype) {
        if (frames == null || frames.isEmpty()) {
            throw new ClipException("no frames to preprocess");
        }
        frames.forEach(Preprocessor::wrap); // checks every frame before any work
        if (device.is_cuda() && sameSize(frames)) {
            return fromUint8Batch(uploadedBatch(frames, device), dtype); // the one entry for uint8 batches
        }
        TensorVector each = new TensorVector();
        for (Mat frame : frames) {
            // [1, 3, H, W] BGR, a strided view of the Mat (channels-last in memory): no copy
            Tensor image = wrap(frame).permute(2, 0, 1).unsqueeze(0);
            boolean uint8Resize = !device.is_cuda() && !floatResizeOnCpu;
            each.push_back(finish(uint8Resize ? image : image.to(device, ScalarType.Float)));
        }
        return torch.cat(each, 0).to(device, dtype).contiguous();
    }

    /**
     * Preprocesses a uint8 BGR batch {@code [N, H, W, 3]} that is already where it will be
     * encoded (e.g. uploaded to the GPU by a pipeline) into {@code [N, 3, cropHeight, cropWidth]}
     * of {@code dtype} on the same device: the exact uint8 resize on the CPU, the float two-pass
     * resize on CUDA, as {@link #batch} does.
     */
    public Tensor fromUint8Batch(Tensor bgrBatch, ScalarType dtype) {
        if (bgrBatch.dim() != 4 || bgrBatch.size(3) != 3 || bgrBatch.scalar_type().intern() != ScalarType.Byte) {
            throw new ClipException("expected a uint8 BGR batch [N, H, W, 3], not " + bgrBatch.scalar_type() + " "
                    + java.util.Arrays.toString(io.clip4j.internal.Tensors.shape(bgrBatch)));
        }
        Tensor nchw = bgrBatch.permute(0, 3, 1, 2);
        boolean uint8Resize = !bgrBatch.is_cuda() && !floatResizeOnCpu;
        return finish(uint8Resize ? nchw : nchw.to(ScalarType.Float)).to(dtype).contiguous();
    }

    private static boolean sameSize(List<Mat> frames) {
        Mat first = frames.get(0);
        return frames.stream().allMatch(m -> m.rows() == first.rows() && m.cols() == first.cols());
    }

    /** Same-sized frames as one uint8 BGR batch {@code [N, H, W, 3]} on the GPU: one copy per frame. */
    private static Tensor uploadedBatch(List<Mat> frames, Device device) {
        Mat first = frames.get(0);
        Tensor staging = torch.empty(new long[] {frames.size(), first.rows(), first.cols(), 3},
                new TensorOptions(device).dtype(new ScalarTypeOptional(ScalarType.Byte)), new MemoryFormatOptional());
        for (int i = 0; i < frames.size(); i++) {
            staging.select(0, i).copy_(wrap(frames.get(i)));
        }
        return staging;
    }

    /** Resize, crop, BGR to RGB, rescale and normalise a BGR batch of one size (uint8 or float 0..255). */
    private Tensor finish(Tensor bgr) {
        Tensor x = bgr;
        if (config.doResize()) {
            long[] size = resizedSize(x.size(2), x.size(3), config.shortestEdge());
            x = resize(x, size[0], size[1]);
        }
        if (config.doCenterCrop()) {
            x = centerCrop(x);
        }
        x = x.flip(1).to(ScalarType.Float); // RGB, as the reference's convert("RGB")
        if (config.doRescale()) {
            x = x.mul(new Scalar(config.rescaleFactor()));
        }
        if (config.doNormalize()) {
            x = x.sub(perChannel(config.mean(), x.device())).div(perChannel(config.std(), x.device()));
        }
        return x;
    }

    private static Tensor perChannel(double[] values, Device device) {
        float[] floats = {(float) values[0], (float) values[1], (float) values[2]};
        return torch.tensor(floats, new TensorOptions(ScalarType.Float)).to(device, ScalarType.Float).view(1, 3, 1, 1);
    }

    /**
     * The size after resizing so the shorter side is {@code shortest}: the longer side scales
     * with it and is truncated, as transformers' {@code get_resize_output_image_size} does.
     */
    static long[] resizedSize(long h, long w, int shortest) {
        long shortSide = Math.min(h, w);
        long longSide = Math.max(h, w);
        long newLong = (long) ((double) shortest * longSide / shortSide);
        return h <= w ? new long[] {shortest, newLong} : new long[] {newLong, shortest};
    }

    /**
     * Antialiased bicubic resize. uint8 input uses libtorch's uint8 kernel (exactly the
     * reference's); float input is resized width first, then height, each pass rounded and
     * clamped to 8-bit levels, which is how the uint8 kernel works.
     */
    private static Tensor resize(Tensor x, long h, long w) {
        if (x.size(2) == h && x.size(3) == w) {
            return x;
        }
        if (x.scalar_type().intern() == ScalarType.Byte) {
            return interpolate(x, h, w);
        }
        Tensor widthDone = x.size(3) == w ? x : toLevels(interpolate(x, x.size(2), w));
        return widthDone.size(2) == h ? widthDone : toLevels(interpolate(widthDone, h, w));
    }

    private static Tensor interpolate(Tensor x, long h, long w) {
        InterpolateFuncOptions options = new InterpolateFuncOptions();
        options.size().put(new LongVector(h, w));
        options.mode().put(new InterpolateMode(new kBicubic()));
        options.antialias().put(true);
        options.align_corners().put(false);
        return torch.interpolate(x, options);
    }

    private static Tensor toLevels(Tensor x) {
        return x.clamp(new ScalarOptional(new Scalar(0.0)), new ScalarOptional(new Scalar(255.0))).round();
    }

    /**
     * The centre {@code cropHeight × cropWidth} window, its offsets rounded by the config's
     * {@link CropRounding}; an image smaller than the crop is zero-padded first, the odd pixel
     * of padding going to the bottom/right (as both torchvision and transformers do).
     */
    private Tensor centerCrop(Tensor x) {
        int ch = config.cropHeight();
        int cw = config.cropWidth();
        long h = x.size(2);
        long w = x.size(3);
        if (h < ch || w < cw) {
            long padTop = Math.max(0, (ch - h) / 2);
            long padLeft = Math.max(0, (cw - w) / 2);
            long padBottom = Math.max(0, ch - h - padTop);
            long padRight = Math.max(0, cw - w - padLeft);
            x = torch.constant_pad_nd(x, new long[] {padLeft, padRight, padTop, padBottom}, new Scalar(0.0));
            h = x.size(2);
            w = x.size(3);
        }
        long[] offsets = cropOffsets(h, w, ch, cw, config.cropRounding());
        return x.narrow(2, offsets[0], ch).narrow(3, offsets[1], cw);
    }

    /** {@code {top, left}} of a {@code ch × cw} crop centred in an {@code h × w} image (h ≥ ch, w ≥ cw). */
    static long[] cropOffsets(long h, long w, int ch, int cw, CropRounding rounding) {
        return new long[] {rounding.offset(h, ch), rounding.offset(w, cw)};
    }
}
