package io.clip4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.shapes.Colour;
import io.clip4j.shapes.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file cut short decodes as far as it goes and then says so: the frames before the cut are kept and the
 * result names where decoding stopped against the length the file states. A whole file reports nothing.
 */
class TruncationTest {
    @TempDir
    Path tmp;

    @Test
    void aFileCutShortSaysWhereItStopped() throws Exception {
        Path whole = TestVideos.write(tmp.resolve("two.mkv"), "matroska", 25, 25, List.of(
                new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 2), new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 2)));
        VideoFrames.Result full = VideoFrames.read(whole, Sampling.every(0.5), false, SampledFrame::close);
        assertEquals(null, full.stoppedEarly(), "the whole file");
        assertEquals(8, full.sampled());

        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(tmp.resolve("cut.mkv"), Arrays.copyOf(bytes, bytes.length / 3));
        VideoFrames.Result r = VideoFrames.read(cut, Sampling.every(0.5), false, SampledFrame::close);
        assertTrue(r.sampled() > 0 && r.sampled() < 8, "frames before the cut: " + r.sampled());
        assertTrue(r.stoppedEarly() != null && r.stoppedEarly().startsWith("decoding stopped at ")
                && r.stoppedEarly().contains("of the 4.00 s the file states"), String.valueOf(r.stoppedEarly()));
    }
}
