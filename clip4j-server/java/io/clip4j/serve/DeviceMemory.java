package io.clip4j.serve;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.cuda.DeviceStats;
import org.bytedeco.pytorch.global.torch;

/**
 * CUDA caching-allocator statistics for a device (bytes allocated to tensors and reserved from
 * the driver), read through libtorch; {@code NaN} when they cannot be read. Only meaningful on a
 * CUDA model; never called for the CPU.
 */
final class DeviceMemory {
    private final byte device;

    DeviceMemory(String deviceName) {
        int colon = deviceName.indexOf(':');
        this.device = (byte) (colon < 0 ? 0 : Integer.parseInt(deviceName.substring(colon + 1)));
    }

    /** Bytes held by live tensors. */
    double allocated() {
        return read(true);
    }

    /** Bytes the allocator holds from the driver (allocated plus cached). */
    double reserved() {
        return read(false);
    }

    private double read(boolean allocated) {
        try (PointerScope scope = new PointerScope()) {
            DeviceStats stats = torch.getDeviceStats(device);
            return allocated ? stats.allocated_bytes().current() : stats.reserved_bytes().current();
        } catch (RuntimeException | LinkageError e) {
            return Double.NaN;
        }
    }
}
