package io.clip4j.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/** The stream API on the CPU, where every operation is a no-op and code written for GPUs still runs. */
class StreamApiTest {
    @Test
    void theCpuStandInOrdersNothingAndIsAlwaysDone() {
        Device cpu = new Device("cpu");
        ClipStream stream = ClipStream.fromPool(cpu, true);
        assertSame(ClipStream.cpu(), stream);
        assertSame(ClipStream.cpu(), ClipStream.current(cpu));
        assertFalse(stream.isCuda());
        assertEquals(0, stream.handle());
        assertEquals(-1, stream.deviceIndex());
        assertTrue(stream.isIdle());
        stream.synchronize();
        try (ClipEvent event = stream.record()) {
            assertTrue(event.isDone());
            stream.waitFor(event);
            event.synchronize();
        }
    }

    @Test
    void encodingOnAStreamScopeGivesTheSameVectorsReadyAtOnce() {
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP);
             Embeddings plain = clip.embedTexts(List.of("a photo of a cat"))) {
            ClipStream stream = ClipStream.fromPool(clip.device(), false);
            try (StreamScope on = clip.onStream(stream); Embeddings scoped = clip.embedTexts(List.of("a photo of a cat"))) {
                assertSame(stream, on.stream());
                assertTrue(scoped.isReady());
                assertSame(ClipStream.cpu(), scoped.stream());
                scoped.orderBefore(ClipStream.cpu());
                assertArrayEquals(plain.row(0), scoped.awaitReady().row(0));
            }
        }
    }

    @Test
    void aScopeMustBeClosedOnItsOwnThread() throws Exception {
        StreamScope scope = ClipStream.cpu().makeCurrent();
        Throwable thrown = CompletableFuture.runAsync(scope::close).handle((ok, e) -> e).get();
        assertTrue(thrown.getCause() instanceof IllegalStateException, String.valueOf(thrown));
        scope.close();
        scope.close(); // idempotent
    }

    @Test
    void cudaOnlyFeaturesSayWhatIsMissing() {
        Device cpu = new Device("cpu");
        ClipException graph = assertThrows(ClipException.class,
                () -> CudaGraph.capture(x -> x, cpu, new long[] {1}, ScalarType.Float, 1));
        assertTrue(graph.getMessage().contains("CUDA device"), graph.getMessage());
        assertThrows(ClipException.class, () -> ClipStream.external(0, 0));
        if (!org.bytedeco.pytorch.global.torch.cuda_is_available()) {
            ClipException external = assertThrows(ClipException.class, () -> ClipStream.external(0x1234, 0));
            assertTrue(external.getMessage().contains("-Pgpu"), external.getMessage());
        }
    }
}
