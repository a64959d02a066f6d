package io.clip4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clip4j.NativeMemory;
import io.clip4j.shapes.Colour;
import io.clip4j.shapes.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every frame sampled from a 1,000-frame video, 10 times over: native memory stays flat (frames are freed as handed on). */
class VideoMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void tenThousandFramesLeaveNativeMemoryFlat() throws Exception {
        Path video = TestVideos.write(tmp.resolve("long.mp4"), 25, List.of(
                new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 20), new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 20)));
        AtomicInteger frames = new AtomicInteger();
        NativeMemory.assertFlat("video frames", 2, 10, 16L << 20, () -> VideoFrames.read(video, Sampling.every(1e-3), false, frame -> {
            frames.incrementAndGet();
            frame.close();
        }));
        assertEquals(12 * 1000, frames.get(), "every frame of 40 s at 25 fps, 12 times");
    }
}
