package io.clip4j;

/**
 * How a model is loaded and run. Immutable; start from {@link #defaults()} and change fields
 * with the {@code with…} methods:
 * <pre>{@code ClipOptions.defaults().withDevice("cuda:0").withPrecision(Precision.BF16)}</pre>
 *
 * @param device {@code cpu}, {@code cuda} or {@code cuda:N}
 * @param precision the weights' and activations' number format
 * @param maxBatch the largest batch one encoder call receives; longer inputs are split
 */
public record ClipOptions(String device, Precision precision, int maxBatch) {
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
        return new ClipOptions("cpu", Precision.FP32, 64);
    }

    /** A copy on another device. */
    public ClipOptions withDevice(String newDevice) {
        return new ClipOptions(newDevice, precision, maxBatch);
    }

    /** A copy with another precision. */
    public ClipOptions withPrecision(Precision newPrecision) {
        return new ClipOptions(device, newPrecision, maxBatch);
    }

    /** A copy with another batch limit. */
    public ClipOptions withMaxBatch(int newMaxBatch) {
        return new ClipOptions(device, precision, newMaxBatch);
    }

    /** True for {@code cuda} and {@code cuda:N}. */
    public boolean isCuda() {
        return device.startsWith("cuda");
    }
}
