package io.clip4j.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Keys of video shots: W3C temporal fragments in seconds, 3 decimals, read back to the same range. */
class MediaFragmentTest {
    @Test
    void keysCarryTheRangeInMillisecondsAndParseBack() {
        MediaFragment f = new MediaFragment("/v/a b#1.mp4", 1.23449, 62);
        assertEquals("/v/a b#1.mp4#t=1.234,62.000", f.key());
        assertEquals(new MediaFragment("/v/a b#1.mp4", 1.234, 62), MediaFragment.parse(f.key()));
        assertTrue(MediaFragment.isFragment(f.key()));
    }

    @Test
    void plainPathsAreNotFragments() {
        for (String path : new String[] {"/v/a.mp4", "/v/a.mp4#t=1", "/v/a#t=1,2/b.png", "/v/a.mp4#t=,2"}) {
            assertNull(MediaFragment.parse(path), path);
            assertFalse(MediaFragment.isFragment(path), path);
        }
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MediaFragment("/v", 3, 2));
        assertThrows(IllegalArgumentException.class, () -> new MediaFragment("/v", -1, 2));
    }
}
