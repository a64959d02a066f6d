package io.clip4j.gpu;

import static io.clip4j.Fixtures.assertClose;
import static io.clip4j.Fixtures.flatten;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.ClipOptions;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.image.ImageDecoder;
import io.clip4j.pipeline.ImageEmbeddingPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.cuda.DeviceStats;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Streams, events, CUDA graphs, the pipeline and device memory on a real GPU (skipped without CUDA). */
@Tag("gpu")
class GpuStreamsTest {
    private static ClipModel clip;
    private static ClipModel graphed;

    @BeforeAll
    static void needsCuda() {
        io.clip4j.Devices.open("cpu");
        Assumptions.assumeTrue(torch.cuda_is_available(), "CUDA is not available");
        clip = ClipModel.load(Fixtures.TINY_CLIP, ClipOptions.defaults().withDevice("cuda"));
        graphed = ClipModel.load(Fixtures.TINY_CLIP, ClipOptions.defaults().withDevice("cuda").withCudaGraphs(true));
    }

    @AfterAll
    static void close() {
        if (clip != null) {
            clip.close();
            graphed.close();
        }
    }

    private static Tensor pixels(int n, long seed) {
        torch.manual_seed(seed);
        int s = clip.config().vision().imageSize();
        return torch.randn(n, 3, s, s);
    }

    @Test
    void aPoolStreamGivesTheDefaultStreamsVectorsAndTheEmbeddingsKnowIt() {
        try (PointerScope scope = new PointerScope(); Embeddings plain = clip.embedPixels(pixels(8, 1))) {
            ClipStream stream = ClipStream.fromPool(clip.device(), true);
            Embeddings onStream;
            try (StreamScope on = clip.onStream(stream)) {
                onStream = clip.embedPixels(pixels(8, 1));
            }
            try (Embeddings e = onStream) {
                assertEquals(stream.handle(), e.stream().handle());
                assertClose(flatten(plain.toArray()), flatten(e.toArray()), 1e-5, "pool stream vs default stream");
                assertTrue(e.isReady());
            }
        }
    }

    @Test
    void anExternalStreamIsShared() {
        CUstream_st raw = new CUstream_st();
        assertEquals(0, cudart.cudaStreamCreate(raw));
        try (PointerScope scope = new PointerScope(); Embeddings plain = clip.embedPixels(pixels(4, 2))) {
            ClipStream external = ClipStream.external(raw.address(), 0);
            assertEquals(raw.address(), external.handle());
            try (StreamScope on = clip.onStream(external); Embeddings e = clip.embedPixels(pixels(4, 2))) {
                external.synchronize();
                assertClose(flatten(plain.toArray()), flatten(e.toArray()), 1e-5, "external stream");
            }
        } finally {
            cudart.cudaStreamSynchronize(raw);
            cudart.cudaStreamDestroy(raw);
        }
    }

    @Test
    void anEventOrdersWorkAcrossStreams() {
        try (PointerScope scope = new PointerScope()) {
            ClipStream producer = ClipStream.fromPool(clip.device(), false);
            ClipStream consumer = ClipStream.fromPool(clip.device(), false);
            Tensor x = torch.zeros(4096, 4096).cuda();
            torch.cuda_synchronize();
            try (StreamScope on = producer.makeCurrent()) {
                for (int i = 0; i < 50; i++) {
                    x.add_(new Scalar(1.0)); // a queue of slow-ish work on the producer
                }
            }
            Tensor copy;
            try (ClipEvent done = producer.record(); StreamScope on = consumer.makeCurrent()) {
                consumer.waitFor(done);
                copy = x.clone();
            }
            consumer.synchronize();
            assertEquals(50.0 * 4096 * 4096, copy.sum().item_double(), 1.0, "the consumer saw all 50 additions");
        }
    }

    @Test
    void cudaGraphsGiveTheEagerVectorsForEveryBatchSize() {
        for (int n : new int[] {1, 3, 8, 64}) {
            for (long seed : new long[] {10, 11}) { // the second input must replace the first, not be ignored
                try (PointerScope scope = new PointerScope();
                     Embeddings eager = clip.embedPixels(pixels(n, seed + n));
                     Embeddings replayed = graphed.embedPixels(pixels(n, seed + n))) {
                    assertClose(flatten(eager.toArray()), flatten(replayed.toArray()), 1e-4, "graph batch " + n);
                }
            }
        }
    }

    @Test
    void theCudaAllocatorStaysFlatOverTenThousandBatches() {
        byte device = 0;
        try (PointerScope scope = new PointerScope()) {
            Tensor input = pixels(4, 3).cuda();
            for (int i = 0; i < 20; i++) {
                try (PointerScope inner = new PointerScope(); Embeddings e = clip.embedPixels(input)) {
                    e.awaitReady();
                }
            }
            torch.cuda_synchronize();
            DeviceStats before = torch.getDeviceStats(device);
            long allocatedBefore = before.allocated_bytes().current();
            long reservedBefore = before.reserved_bytes().current();
            for (int i = 0; i < 10_000; i++) {
                try (PointerScope inner = new PointerScope(); Embeddings e = clip.embedPixels(input)) {
                    if (i % 100 == 0) {
                        e.awaitReady();
                    }
                }
            }
            torch.cuda_synchronize();
            DeviceStats after = torch.getDeviceStats(device);
            System.out.printf("CUDA allocator over 10,000 batches: allocated %d -> %d bytes, reserved %d -> %d bytes%n",
                    allocatedBefore, after.allocated_bytes().current(), reservedBefore, after.reserved_bytes().current());
            assertEquals(allocatedBefore, after.allocated_bytes().current(), "bytes held by live tensors");
            assertEquals(reservedBefore, after.reserved_bytes().current(), "bytes reserved from the driver");
        }
    }

    @Test
    void thePipelineOnTheGpuMatchesTheReference() {
        List<Path> files = new ArrayList<>();
        Fixtures.referenceJson().get("images").forEach(n -> files.add(Fixtures.TINY_CLIP.resolve("images").resolve(n.asText())));
        List<float[]> rows = new ArrayList<>();
        try (ImageEmbeddingPipeline pipeline = new ImageEmbeddingPipeline(clip, new ImageDecoder(),
                new ImageEmbeddingPipeline.Options(3, 4, 2))) {
            assertEquals(0, pipeline.run(files, (batch, embeddings) -> {
                for (int i = 0; i < embeddings.size(); i++) {
                    rows.add(embeddings.row(i));
                }
            }));
        }
        // the GPU's float resize is within two 8-bit levels of the reference's uint8 kernel
        assertClose(Fixtures.reference().floats("image_embeds"), flatten(rows.toArray(new float[0][])), 1e-2,
                "pipeline on CUDA");
    }
}
