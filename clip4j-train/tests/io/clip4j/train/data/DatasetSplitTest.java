package io.clip4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Deterministic, disjoint, complete, and by image. */
class DatasetSplitTest {
    private static List<Sample> samples(int images, int captionsEach) {
        List<Sample> out = new ArrayList<>();
        int line = 1;
        for (int i = 0; i < images; i++) {
            for (int c = 0; c < captionsEach; c++) {
                out.add(new Sample(Path.of("/data/img" + i + ".png"), "caption " + c + " of " + i, null, line++));
            }
        }
        return out;
    }

    @Test
    void sameSeedSameSplit() {
        List<Sample> all = samples(200, 1);
        assertEquals(Split.of(all, 0.1, 42), Split.of(all, 0.1, 42));
        assertEquals(Split.of(all, 0.1, 42), Split.of(List.copyOf(all), 0.1, 42));
        assertNotEquals(Split.of(all, 0.1, 42).validation(), Split.of(all, 0.1, 43).validation());
    }

    @Test
    void everySampleInExactlyOnePartInInputOrder() {
        List<Sample> all = samples(101, 1);
        Split split = Split.of(all, 0.25, 7);
        assertEquals(25, split.validation().size());
        assertEquals(76, split.train().size());
        Set<Sample> union = new HashSet<>(split.train());
        union.addAll(split.validation());
        assertEquals(new HashSet<>(all), union);
        assertTrue(split.train().stream().noneMatch(new HashSet<>(split.validation())::contains));
        assertEquals(split.train().stream().sorted((a, b) -> a.line() - b.line()).toList(), split.train());
    }

    @Test
    void allCaptionsOfAnImageStayTogether() {
        Split split = Split.of(samples(50, 5), 0.2, 1);
        assertEquals(50, split.validation().size());
        Set<Path> trainImages = new HashSet<>();
        split.train().forEach(s -> trainImages.add(s.image()));
        assertTrue(split.validation().stream().noneMatch(s -> trainImages.contains(s.image())));
    }

    @Test
    void edgeFractions() {
        List<Sample> all = samples(10, 1);
        assertEquals(all, Split.of(all, 0, 3).train());
        assertEquals(all, Split.of(all, 1, 3).validation());
        assertEquals(List.of(), Split.of(List.of(), 0.5, 3).train());
        assertThrows(IllegalArgumentException.class, () -> Split.of(all, 1.5, 3));
        assertThrows(IllegalArgumentException.class, () -> Split.of(all, Double.NaN, 3));
    }
}
