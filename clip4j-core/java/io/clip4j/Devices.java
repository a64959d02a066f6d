package io.clip4j;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;

/** Turns a device name into a libtorch {@link Device}, checking that it exists. */
public final class Devices {
    private Devices() {
    }

    /**
     * The libtorch device for {@code cpu}, {@code cuda} or {@code cuda:N}.
     *
     * @throws ClipException when CUDA is asked for but missing, saying what to change
     */
    public static Device open(String name) {
        Natives.load();
        if (name.startsWith("cuda")) {
            if (!torch.cuda_is_available()) {
                throw new ClipException("device '" + name + "' requested but CUDA is not available: this build of "
                        + "libtorch has no CUDA support or no NVIDIA driver was found (build with the Maven "
                        + "profile -Pgpu, which uses pytorch-platform-gpu, and run on a machine with a GPU)");
            }
            int index = name.contains(":") ? Integer.parseInt(name.substring(name.indexOf(':') + 1)) : 0;
            long count = torch.cuda_device_count();
            if (index >= count) {
                throw new ClipException("device '" + name + "' requested but only " + count + " CUDA device(s) exist");
            }
        }
        return new Device(name);
    }

    /** A GPU's compute capability as {@code 10 * major + minor} (e.g. 90 for an H100). */
    public static int computeCapability(Device cuda) {
        if (!cuda.is_cuda()) {
            throw new ClipException("compute capability is a property of CUDA devices, not of " + cuda.str().getString());
        }
        int index = Math.max(0, cuda.index());
        try (IntPointer major = new IntPointer(1); IntPointer minor = new IntPointer(1)) {
            int status = cudart.cudaDeviceGetAttribute(major, cudart.cudaDevAttrComputeCapabilityMajor, index);
            if (status == 0) {
                status = cudart.cudaDeviceGetAttribute(minor, cudart.cudaDevAttrComputeCapabilityMinor, index);
            }
            if (status != 0) {
                throw new ClipException("cannot read the compute capability of cuda:" + index + " (CUDA error " + status + ")");
            }
            return 10 * major.get() + minor.get();
        }
    }
}
