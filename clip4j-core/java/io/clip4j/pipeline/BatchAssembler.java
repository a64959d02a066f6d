package io.clip4j.pipeline;

import io.clip4j.ClipModel;
import io.clip4j.gpu.ClipStream;
import io.clip4j.gpu.StagedUpload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Turns a batch of decoded host images into the model's pixel batch on its device. Images of
 * one size travel and are resized together; a batch of mixed sizes is done one size group at a
 * time and put back in input order.
 */
final class BatchAssembler {
    private BatchAssembler() {
    }

    /** Pixels {@code [N, 3, S, S]} in the model's precision on its device, rows in {@code images}' order. */
    static Tensor pixels(ClipModel model, List<HostImage> images, ClipStream copy, ClipStream compute) {
        Map<String, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            Tensor p = images.get(i).pixels();
            bySize.computeIfAbsent(p.size(0) + "x" + p.size(1), k -> new ArrayList<>()).add(i);
        }
        Tensor[] rows = new Tensor[images.size()];
        Tensor only = null;
        for (List<Integer> group : bySize.values()) {
            List<Tensor> hostImages = group.stream().map(i -> images.get(i).pixels()).toList();
            Tensor onDevice = model.device().is_cuda()
                    ? StagedUpload.upload(hostImages, model.device(), copy, compute)
                    : torch.stack(new TensorVector(hostImages.toArray(new Tensor[0])), 0);
            Tensor groupPixels = model.preprocessor().fromUint8Batch(onDevice, model.options().precision().scalarType());
            if (bySize.size() == 1) {
                only = groupPixels;
            }
            for (int j = 0; j < group.size(); j++) {
                rows[group.get(j)] = groupPixels.narrow(0, j, 1);
            }
        }
        return only != null ? only : torch.cat(new TensorVector(rows), 0);
    }
}
