package io.clip4j.gpu;

import java.util.List;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Host-to-device copies of page-locked images on a copy stream, overlapping the compute
 * stream's work on the previous batch, and ordered before the compute stream's use of them
 * with an event. Page-locked buffers come from libtorch's caching host allocator, which reuses
 * them and holds a buffer back until the copy that reads it has finished, so a caller may free
 * its staging tensors as soon as {@link #upload} returns.
 */
public final class StagedUpload {
    private StagedUpload() {
    }

    /**
     * An empty uint8 tensor {@code [rows, cols, channels]} in page-locked memory when
     * {@code pinned} (so device copies from it can run asynchronously), ordinary memory otherwise.
     */
    public static Tensor hostImage(long rows, long cols, long channels, boolean pinned) {
        TensorOptions options = new TensorOptions(ScalarType.Byte);
        if (pinned) {
            options = options.pinned_memory(new BoolOptional(true));
        }
        return torch.empty(new long[] {rows, cols, channels}, options, new MemoryFormatOptional());
    }

    /**
     * Copies same-shaped host images into one device batch {@code [N, ...shape]} on {@code copy},
     * makes {@code compute} wait for the copies (not the host), and tells the allocator the batch
     * is used on {@code compute}, so its memory is not handed out again before that work is done.
     * With the CPU stand-in streams this is a plain copy.
     */
    public static Tensor upload(List<Tensor> hostImages, Device device, ClipStream copy, ClipStream compute) {
        long[] shape = io.clip4j.internal.Tensors.shape(hostImages.get(0));
        long[] batchShape = new long[shape.length + 1];
        batchShape[0] = hostImages.size();
        System.arraycopy(shape, 0, batchShape, 1, shape.length);
        Tensor batch;
        try (StreamScope on = copy.makeCurrent()) {
            // Allocated on the copy stream; record_stream below keeps the allocator from reusing it
            // for a later batch before the compute stream is done with it.
            batch = torch.empty(batchShape, new TensorOptions(device).dtype(new ScalarTypeOptional(ScalarType.Byte)),
                    new MemoryFormatOptional());
            for (int i = 0; i < hostImages.size(); i++) {
                batch.select(0, i).copy_(hostImages.get(i), true);
            }
        }
        try (ClipEvent copied = copy.record()) {
            copied.block(compute);
        }
        if (compute.isCuda()) {
            batch.record_stream(compute.cuda().unwrap());
        }
        return batch;
    }
}
