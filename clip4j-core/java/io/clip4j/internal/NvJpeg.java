package io.clip4j.internal;

import io.clip4j.ClipException;
import io.clip4j.image.ImageDecodeException;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.nvjpeg;
import org.bytedeco.cuda.nvjpeg.nvjpegHandle;
import org.bytedeco.cuda.nvjpeg.nvjpegImage_t;
import org.bytedeco.cuda.nvjpeg.nvjpegJpegState;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch_cuda;

/**
 * JPEG decoding on the GPU through nvJPEG (bytedeco's CUDA presets): one JPEG into a uint8 BGR
 * tensor {@code [H, W, 3]} on the GPU, the layout the CPU decoder's frames have, queued on
 * libtorch's current stream. Like the CPU decoder's default, it ignores EXIF orientation. What
 * nvJPEG cannot read (CMYK, lossless, arithmetic coding, a damaged file) throws
 * {@link ImageDecodeException}, so a caller can decode that file on the CPU instead.
 *
 * <p>Not wired into the pipeline yet, and not yet run on a GPU (issue 19): the {@code gpu}-tagged
 * {@code NvJpegTest} measures it against the CPU decoder. One instance decodes one image at a time.
 */
public final class NvJpeg implements AutoCloseable {
    private final nvjpegHandle handle;
    private final nvjpegJpegState state;
    private final Device device;
    private boolean closed;

    private NvJpeg(nvjpegHandle handle, nvjpegJpegState state, Device device) {
        this.handle = handle;
        this.state = state;
        this.device = device;
    }

    /**
     * A decoder for {@code cuda}'s GPU.
     *
     * @throws ClipException off a GPU, or where the nvJPEG library cannot be loaded or started
     */
    public static NvJpeg open(Device cuda) {
        if (!cuda.is_cuda()) {
            throw new ClipException("nvJPEG decodes on a GPU, not on " + cuda.str().getString()
                    + "; the CPU decoder is io.clip4j.image.ImageDecoder");
        }
        nvjpegHandle handle = new nvjpegHandle();
        int status;
        try {
            status = nvjpeg.nvjpegCreateSimple(handle);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new ClipException("nvJPEG is not available here (its library or JNI binding is missing): "
                    + e.getMessage(), e);
        }
        check(status, "nvjpegCreateSimple");
        nvjpegJpegState state = new nvjpegJpegState();
        status = nvjpeg.nvjpegJpegStateCreate(handle, state);
        if (status != nvjpeg.NVJPEG_STATUS_SUCCESS) {
            nvjpeg.nvjpegDestroy(handle);
            check(status, "nvjpegJpegStateCreate");
        }
        return new NvJpeg(handle, state, cuda);
    }

    /**
     * Decodes {@code jpeg} into a new uint8 BGR tensor {@code [H, W, 3]} on the GPU; the tensor
     * and the call's temporaries belong to the caller's {@code PointerScope}.
     *
     * @param name the file's name, for errors
     * @throws ImageDecodeException when nvJPEG cannot read it (decode it on the CPU instead)
     */
    public synchronized Tensor decode(byte[] jpeg, String name) {
        if (closed) {
            throw new ClipException("this nvJPEG decoder is closed");
        }
        int[] components = new int[1];
        int[] subsampling = new int[1];
        int[] widths = new int[nvjpeg.NVJPEG_MAX_COMPONENT];
        int[] heights = new int[nvjpeg.NVJPEG_MAX_COMPONENT];
        int status = nvjpeg.nvjpegGetImageInfo(handle, jpeg, jpeg.length, components, subsampling, widths, heights);
        if (status != nvjpeg.NVJPEG_STATUS_SUCCESS) {
            throw new ImageDecodeException(name, "nvJPEG cannot read it (nvjpegGetImageInfo status " + status + ")");
        }
        if (components[0] != 1 && components[0] != 3) {
            throw new ImageDecodeException(name, "nvJPEG decodes 1- and 3-component JPEGs; this one has " + components[0]);
        }
        int width = widths[0];
        int height = heights[0];
        Tensor out = torch.empty(new long[] {height, width, 3},
                new TensorOptions(device).dtype(new ScalarTypeOptional(ScalarType.Byte)), new MemoryFormatOptional());
        try (nvjpegImage_t image = new nvjpegImage_t()) {
            image.channel(0, new BytePointer(out.data_ptr()));
            image.pitch(0, 3L * width);
            CUstream_st stream = torch_cuda.getCurrentCUDAStream(device.index()).stream();
            status = nvjpeg.nvjpegDecode(handle, state, jpeg, jpeg.length, nvjpeg.NVJPEG_OUTPUT_BGRI, image, stream);
        }
        if (status != nvjpeg.NVJPEG_STATUS_SUCCESS) {
            throw new ImageDecodeException(name, "nvJPEG failed to decode it (nvjpegDecode status " + status + ")");
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            nvjpeg.nvjpegJpegStateDestroy(state);
            nvjpeg.nvjpegDestroy(handle);
        }
    }

    private static void check(int status, String call) {
        if (status != nvjpeg.NVJPEG_STATUS_SUCCESS) {
            throw new ClipException("nvJPEG could not start: " + call + " returned status " + status);
        }
    }
}
