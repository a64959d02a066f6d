package io.clip4j.pipeline;

import static io.clip4j.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.NativeMemory;
import io.clip4j.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming pipeline on the CPU: same embeddings as the reference, every input in its
 * place (broken files included), batches of mixed sizes, memory flat over many runs.
 */
class ImageEmbeddingPipelineTest {
    @TempDir
    Path dir;

    private static List<Path> fixtureFiles() {
        List<Path> files = new ArrayList<>();
        Fixtures.referenceJson().get("images").forEach(n -> files.add(Fixtures.TINY_CLIP.resolve("images").resolve(n.asText())));
        return files;
    }

    @Test
    void embeddingsMatchTheReferenceInInputOrderWithBrokenFilesInPlace() throws IOException {
        List<Path> inputs = new ArrayList<>(fixtureFiles());
        Path broken = Files.write(dir.resolve("broken.png"), new byte[] {1, 2, 3});
        inputs.add(2, broken);
        float[] reference = Fixtures.reference().floats("image_embeds");
        int dim = reference.length / fixtureFiles().size();
        List<ImageEmbeddingPipeline.Input> seen = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP);
             ImageEmbeddingPipeline pipeline = new ImageEmbeddingPipeline(clip, new ImageDecoder(),
                     new ImageEmbeddingPipeline.Options(3, 2, 2))) {
            int failures = pipeline.run(inputs, (batch, embeddings) -> {
                assertTrue(batch.size() <= 3);
                seen.addAll(batch);
                long ok = batch.stream().filter(ImageEmbeddingPipeline.Input::ok).count();
                assertEquals(ok, embeddings == null ? 0 : embeddings.size());
                for (int i = 0; i < ok; i++) {
                    rows.add(embeddings.row(i));
                }
            });
            assertEquals(1, failures);
        }
        assertEquals(inputs, seen.stream().map(ImageEmbeddingPipeline.Input::path).toList(), "every input, in order");
        assertFalse(seen.get(2).ok());
        assertTrue(seen.get(2).error().contains("broken.png"), seen.get(2).error());
        assertNull(seen.get(3).error());
        float[] flat = new float[rows.size() * dim];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, flat, i * dim, dim);
        }
        assertClose(reference, flat, 1e-3, "pipeline image_embeds (mixed sizes, batches of 3)");
    }

    @Test
    void aBatchWithNoDecodableImageReachesTheSinkWithoutEmbeddings() throws IOException {
        Path broken = Files.write(dir.resolve("x.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 0});
        List<Integer> sizes = new ArrayList<>();
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP);
             ImageEmbeddingPipeline pipeline = new ImageEmbeddingPipeline(clip, new ImageDecoder(),
                     new ImageEmbeddingPipeline.Options(4, 1, 1))) {
            assertEquals(1, pipeline.run(List.of(broken), (batch, embeddings) -> {
                assertNull(embeddings);
                sizes.add(batch.size());
            }));
        }
        assertEquals(List.of(1), sizes);
    }

    @Test
    void nativeMemoryStaysFlatOverManyRuns() {
        List<Path> inputs = fixtureFiles();
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP);
             ImageEmbeddingPipeline pipeline = new ImageEmbeddingPipeline(clip, new ImageDecoder(),
                     new ImageEmbeddingPipeline.Options(4, 2, 2))) {
            NativeMemory.assertFlat("pipeline run", 5, 60, 8L << 20,
                    () -> pipeline.run(inputs, (batch, embeddings) -> embeddings.row(0)));
        }
    }

    /**
     * The batch step alone, as the server uses it: host copies of decoded Mats (one of them a
     * padded view, so rows are copied one by one) give the reference's embeddings in order, and
     * the same rows as {@link ClipModel#embedImages} on the Mats.
     */
    @Test
    void batchStepOnHostImagesMatchesTheReferenceAndTheMatEntry() {
        List<Path> files = fixtureFiles();
        float[] reference = Fixtures.reference().floats("image_embeds");
        ImageDecoder decoder = new ImageDecoder();
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP); PointerScope scope = new PointerScope()) {
            List<Mat> mats = new ArrayList<>();
            for (Path file : files) {
                mats.add(decoder.decode(file));
            }
            Mat framed = new Mat();
            opencv_core.copyMakeBorder(mats.get(0), framed, 3, 5, 7, 2, opencv_core.BORDER_REFLECT);
            Mat view = new Mat(framed, new Rect(7, 3, mats.get(0).cols(), mats.get(0).rows()));
            assertFalse(view.isContinuous(), "the view has row padding");
            mats.set(0, view);
            List<HostImage> host = mats.stream().map(m -> HostImage.copyOf(m, false)).toList();
            try (Embeddings fromHost = ImageEmbeddingPipeline.embed(clip, host);
                 Embeddings fromMats = clip.embedImages(mats)) {
                assertClose(reference, flatten(fromHost), 1e-3, "batch step image_embeds");
                assertClose(flatten(fromMats), flatten(fromHost), 1e-5, "batch step vs embedImages(Mat)");
                assertEquals(mats.get(1).rows(), host.get(1).height());
                assertEquals(mats.get(1).cols(), host.get(1).width());
            } finally {
                host.forEach(HostImage::close);
            }
        }
    }

    @Test
    void batchStepKeepsNativeMemoryFlat() {
        ImageDecoder decoder = new ImageDecoder();
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP)) {
            List<Path> files = fixtureFiles();
            NativeMemory.assertFlat("host images + batch step", 5, 200, 8L << 20, () -> {
                try (PointerScope scope = new PointerScope()) {
                    List<HostImage> host = new ArrayList<>();
                    for (Path file : files) {
                        try (Mat mat = decoder.decode(file)) {
                            host.add(HostImage.copyOf(mat, false));
                        }
                    }
                    try (Embeddings e = ImageEmbeddingPipeline.embed(clip, host)) {
                        e.row(0);
                    } finally {
                        host.forEach(HostImage::close);
                    }
                }
            });
        }
    }

    private static float[] flatten(Embeddings e) {
        float[][] rows = e.toArray();
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return flat;
    }
}
