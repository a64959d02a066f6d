package io.clip4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.Fixtures;
import io.clip4j.NativeMemory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chunks come back in input order with errors in place, decoded ahead on worker threads. */
class PrefetchingDecoderTest {
    private static final Path IMAGES = Fixtures.TINY_CLIP.resolve("images");

    private static List<Path> inputs() {
        return List.of(IMAGES.resolve("chelsea.png"), Path.of("/no/such.png"), IMAGES.resolve("coffee.png"),
                IMAGES.resolve("gray_ramp.png"), Path.of("pom.xml"), IMAGES.resolve("tiny_random.png"),
                IMAGES.resolve("chelsea_q90.jpg"));
    }

    @Test
    void chunksKeepInputOrderAndErrors() {
        List<Path> seen = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        List<Integer> chunkSizes = new ArrayList<>();
        try (PrefetchingDecoder decoder = new PrefetchingDecoder(new ImageDecoder(), 3)) {
            int failures = decoder.forEachChunk(inputs(), 3, items -> {
                chunkSizes.add(items.size());
                for (PrefetchingDecoder.Item item : items) {
                    seen.add(item.path());
                    widths.add(item.ok() ? item.image().cols() : -1);
                    assertEquals(item.ok(), item.error() == null);
                }
            });
            assertEquals(2, failures);
        }
        assertEquals(inputs(), seen);
        assertEquals(List.of(451, -1, 600, 100, -1, 30, 451), widths);
        assertEquals(List.of(3, 3, 1), chunkSizes);
    }

    @Test
    void failingWorkStopsTheRunAndFreesWhatWasDecoded() {
        try (PrefetchingDecoder decoder = new PrefetchingDecoder(new ImageDecoder(), 2)) {
            List<org.bytedeco.opencv.opencv_core.Mat> kept = new ArrayList<>();
            assertThrows(IllegalStateException.class, () -> decoder.forEachChunk(inputs(), 2, items -> {
                items.stream().filter(PrefetchingDecoder.Item::ok).forEach(i -> kept.add(i.image()));
                throw new IllegalStateException("work failed");
            }));
            assertFalse(kept.isEmpty());
            assertTrue(kept.stream().allMatch(m -> m.isNull()), "the chunk's Mats were freed");
        }
    }

    @Test
    void repeatedPassesKeepNativeMemoryFlat() {
        try (PrefetchingDecoder decoder = new PrefetchingDecoder(new ImageDecoder(), 2)) {
            NativeMemory.assertFlat("prefetching decode", 20, 300, 32L << 20,
                    () -> decoder.forEachChunk(inputs(), 3, items -> { }));
        }
    }
}
