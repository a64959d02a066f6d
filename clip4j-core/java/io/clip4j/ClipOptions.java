package io.clip4j;

import io.clip4j.image.CropRounding;

/**
 * How a model is loaded and run. Immutable; start from {@link #defaults()} and change fields
 * with the {@code with…} methods:
 * <pre>{@code ClipOptions.defaults().withDevice("cuda:0").withPrecision(Precision.BF16)}</pre>
 *
 * @param device {@code cpu}, {@code cuda} or {@code cuda:N}
 * @param precision the weights' and activations' number format
 * @param maxBatch the largest batch one encoder call receives; longer inputs are split
 * @param cudaGraphs on a GPU, run image batches of up to {@link #GRAPH_MAX_BATCH} through CUDA
 *                   graphs captured once per batch size (less launch overhead for small batches)
 * @param cropRounding the centre crop's rounding rule, overriding the model's; {@code null} keeps
 *                     the model's (transformers' floor for Hugging Face folders, torchvision's
 *                     half-to-even for original-CLIP exports without a {@code preprocessor_config.json})
 * @param fusedKernels run the transformer's element-wise work through clip4j's native fused
 *                     kernels (bias + quick_gelu; residual add + LayerNorm) where this build has
 *                     them and the weights are fp32 (CPU or GPU) or bf16 (GPU); elsewhere, and
 *                     by default, libtorch's separate kernels
 */
public record ClipOptions(String device, Precision precision, int maxBatch, boolean cudaGraphs,
                          CropRounding cropRounding, boolean fusedKernels) {
    /** The largest image batch that gets a CUDA graph; larger batches are bound by compute, not launches. */
    public static final int GRAPH_MAX_BATCH = 64;

    /** Checks the fields. */
    public ClipOptions {
        if (device == null || !device.matches("cpu|cuda(:\\d{1,3})?")) {
            throw new ClipException("device must be cpu, cuda or cuda:N, not '" + device + "'");
        }
        if (precision == null) {
            throw new ClipException("precision must not be null");
        }
        if (maxBatch < 1) {
            throw new ClipException("maxBatch must be at least 1, not " + maxBatch);
        }
    }

    /** CPU, fp32, batches of up to 64. */
    public static ClipOptions defaults() {
        return new ClipOptions("cpu", Precision.FP32, 64, false, null, false);
    }

    /** A copy on another device. */
    public ClipOptions withDevice(String newDevice) {
        return new ClipOptions(newDevice, precision, maxBatch, cudaGraphs, cropRounding, fusedKernels);
    }

    /** A copy with another precision. */
    public ClipOptions withPrecision(Precision newPrecision) {
        return new ClipOptions(device, newPrecision, maxBatch, cudaGraphs, cropRounding, fusedKernels);
    }

    /** A copy with another batch limit. */
    public ClipOptions withMaxBatch(int newMaxBatch) {
        return new ClipOptions(device, precision, newMaxBatch, cudaGraphs, cropRounding, fusedKernels);
    }

    /** A copy with CUDA graphs for small image batches on or off (ignored on the CPU). */
    public ClipOptions withCudaGraphs(boolean on) {
        return new ClipOptions(device, precision, maxBatch, on, cropRounding, fusedKernels);
    }

    /** A copy that crops by {@code rounding} whatever the model says ({@code null}: the model's rule). */
    public ClipOptions withCropRounding(CropRounding rounding) {
        return new ClipOptions(device, precision, maxBatch, cudaGraphs, rounding, fusedKernels);
    }

    /**
     * A copy with the native fused kernels on or off (off by default). Where this build has no
     * native library, or they do not take the precision on the device (fp16; bf16 on the CPU),
     * on means off; {@link ClipModel#usesFusedKernels()} says which.
     */
    public ClipOptions withFusedKernels(boolean on) {
        return new ClipOptions(device, precision, maxBatch, cudaGraphs, cropRounding, on);
    }

    /** True for {@code cuda} and {@code cuda:N}. */
    public boolean isCuda() {
        return device.startsWith("cuda");
    }
}
