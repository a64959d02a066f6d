package io.clip4j.cli;

import io.clip4j.ClipModel;
import io.clip4j.image.ImageDecoder;
import io.clip4j.pipeline.ImageEmbeddingPipeline;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;

/**
 * The batch commands' way from image files to embeddings: the streaming pipeline (decoders
 * ahead of the encoder; on a GPU, pinned staging, a copy stream and batched preprocessing on
 * the device), each input keeping its place and a file that cannot be decoded arriving with an
 * error. Whatever the work makes for a batch is freed when it returns.
 */
final class EmbeddedImages {
    private EmbeddedImages() {
    }

    /** Runs {@code work} on each batch of at most {@code batchSize} inputs, in order; returns the failure count. */
    static int forEachBatch(ClipModel clip, List<Path> inputs, int batchSize, Progress progress,
                            ImageEmbeddingPipeline.BatchSink work) {
        var options = ImageEmbeddingPipeline.Options.forDevice(clip.device().is_cuda(), batchSize);
        try (ImageEmbeddingPipeline pipeline = new ImageEmbeddingPipeline(clip, new ImageDecoder(), options)) {
            return pipeline.run(inputs, (batch, embeddings) -> {
                try (PointerScope scope = new PointerScope()) {
                    work.accept(batch, embeddings);
                }
                progress.step(batch.size());
            });
        }
    }
}
