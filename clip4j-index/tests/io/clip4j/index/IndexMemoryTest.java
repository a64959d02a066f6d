package io.clip4j.index;

import io.clip4j.ClipModel;
import io.clip4j.Fixtures;
import io.clip4j.NativeMemory;
import io.clip4j.image.ImageDecoder;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building and searching many times (HNSW and exact, by text and by image) does not grow native memory. */
class IndexMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void buildsKeepNativeMemoryFlat() {
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP)) {
            IndexBuilder builder = new IndexBuilder(clip, BuildOptions.defaults().withBatchSize(3));
            int[] run = {0};
            // JavaCPP-tracked bytes (decoded Mats, tensors) must not grow at all; resident memory also holds the
            // JIT's code and each build's new loader threads, which settle at about 20 MB over 50 builds here.
            NativeMemory.assertFlat("index build", 5, 20, 48L << 20, () -> {
                Path dir = tmp.resolve("build-" + run[0]++); // a new index each time: every image is decoded and embedded
                builder.build(dir, List.of(IndexTestSupport.IMAGES), BuildListener.NONE);
            });
        }
    }

    @Test
    void searchesKeepNativeMemoryFlat() {
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP)) {
            Path dir = tmp.resolve("idx");
            new IndexBuilder(clip, BuildOptions.defaults()).build(dir, List.of(IndexTestSupport.IMAGES), BuildListener.NONE);
            try (VectorIndex index = VectorIndex.open(dir); PointerScope scope = new PointerScope()) {
                ImageSearch search = new ImageSearch(clip, index);
                Mat query = new ImageDecoder().decode(IndexTestSupport.IMAGES.resolve("coffee.png"));
                NativeMemory.assertFlat("index search", 50, 400, 16L << 20, () -> {
                    search.byText("a cup of coffee", SearchOptions.top(3));
                    search.byText("a cup of coffee", SearchOptions.top(3).exactly());
                    search.byImage(query, SearchOptions.top(3));
                    search.byImage(query, SearchOptions.top(3).exactly());
                });
            }
        }
    }
}
