package io.clip4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.Test;

/**
 * A damaged stream can decode to frames of any OpenCV type (a fuzzed MP4 gave type 88, twelve channels):
 * the video stops there with an error naming the type, keeping the frames before it, instead of an
 * exception that ended the whole run without a line.
 */
class FrameTypeTest {
    /** Two good BGR frames, then one of twelve channels, then more good ones that must not be read. */
    private static final class OddFrames extends FrameGrabber {
        private int next;

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public void trigger() {
        }

        @Override
        public Frame grab() {
            int i = next++;
            if (i >= 5) {
                return null;
            }
            Frame f = new Frame(16, 16, Frame.DEPTH_UBYTE, i == 2 ? 12 : 3);
            f.timestamp = i * 1_000_000L;
            return f;
        }

        @Override
        public void release() {
        }
    }

    @Test
    void aFrameOfAnotherTypeStopsTheVideoWithAnError() {
        int[] handed = {0};
        VideoFrames.Result r = VideoFrames.read(VideoSource.grabber(new OddFrames(), "odd.mp4"), Sampling.every(1), false, frame -> {
            handed[0]++;
            frame.close();
        });
        assertEquals(2, r.sampled());
        assertEquals(2, handed[0]);
        assertTrue(r.stoppedEarly() != null && r.stoppedEarly().contains("OpenCV type 88") && r.stoppedEarly().contains("12 channels"),
                String.valueOf(r.stoppedEarly()));
    }
}
