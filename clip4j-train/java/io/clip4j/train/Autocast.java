package io.clip4j.train;

import io.clip4j.ClipException;
import io.clip4j.Precision;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A region of mixed precision, PyTorch's {@code torch.autocast}: inside it libtorch runs matrix
 * products and convolutions in bf16 and other ops as its autocast lists say for the device, while
 * the weights, their gradients and the optimiser's state stay fp32. The setting is libtorch's, per
 * thread: open and close a region on the thread that runs the forward pass. Closing restores what
 * was set before, so regions nest.
 */
final class Autocast implements AutoCloseable {
    private static final Autocast OFF = new Autocast();

    private final DeviceType device;
    private final boolean wasEnabled;
    private final ScalarType previousType;

    private Autocast() {
        device = null;
        wasEnabled = false;
        previousType = null;
    }

    private Autocast(DeviceType device, ScalarType type) {
        this.device = device;
        this.wasEnabled = torch.is_autocast_enabled(device);
        this.previousType = torch.get_autocast_dtype(device);
        torch.set_autocast_dtype(device, type);
        torch.set_autocast_enabled(device, true);
        torch.increment_nesting();
    }

    /**
     * Opens a region on {@code device} in {@code precision}: {@link Precision#FP32} opens nothing;
     * {@link Precision#FP16} is refused, as fp16 training needs loss scaling, which clip4j does not do.
     */
    static Autocast open(Device device, Precision precision) {
        return check(precision) == Precision.FP32 ? OFF : new Autocast(device.type(), precision.scalarType());
    }

    /** Checks a training precision before any work starts. */
    static Precision check(Precision precision) {
        if (precision == Precision.FP16) {
            throw unsupported();
        }
        if (precision == Precision.INT8 || precision == Precision.FP8) {
            throw new ClipException(precision + " is an inference path (its quantized layers have no gradients); train in fp32 or bf16");
        }
        return precision;
    }

    private static ClipException unsupported() {
        return new ClipException("fp16 training needs loss scaling, which clip4j does not do; use bf16 (same speed on GPUs that have it, fp32's range)");
    }

    @Override
    public void close() {
        if (device == null) {
            return;
        }
        if (torch.decrement_nesting() == 0) {
            torch.clear_cache();
        }
        torch.set_autocast_enabled(device, wasEnabled);
        torch.set_autocast_dtype(device, previousType);
    }
}
