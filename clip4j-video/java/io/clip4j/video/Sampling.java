package io.clip4j.video;

/**
 * Which decoded frames are embedded: one every {@code everySeconds} of presentation time (the
 * first frame at or after each step; a target frame rate is the same with a step of 1/fps), or
 * only the key frames, which the decoder can reach without decoding the frames between them.
 *
 * @param everySeconds the step in seconds (unused for key frames)
 * @param keyframesOnly true to take every key frame and nothing else
 */
public record Sampling(double everySeconds, boolean keyframesOnly) {
    /** Checks the fields. */
    public Sampling {
        if (!keyframesOnly && !(everySeconds > 0 && Double.isFinite(everySeconds))) {
            throw new IllegalArgumentException("the sampling step must be a positive number of seconds, not " + everySeconds);
        }
    }

    /** A frame every {@code seconds}. */
    public static Sampling every(double seconds) {
        return new Sampling(seconds, false);
    }

    /** About {@code framesPerSecond} frames a second (a step of 1/fps seconds). */
    public static Sampling fps(double framesPerSecond) {
        if (!(framesPerSecond > 0 && Double.isFinite(framesPerSecond))) {
            throw new IllegalArgumentException("the target frame rate must be positive, not " + framesPerSecond);
        }
        return every(1 / framesPerSecond);
    }

    /** Key frames only (I-frames: where the encoder placed them, often at cuts). */
    public static Sampling keyframes() {
        return new Sampling(0, true);
    }

    /** What the stretch of the last sampled frame lasts when the video's length is unknown: one step, or none. */
    double tailSeconds() {
        return keyframesOnly ? 0 : everySeconds;
    }
}
