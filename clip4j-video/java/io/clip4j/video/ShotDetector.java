package io.clip4j.video;

/**
 * Merges consecutive sampled frames into shots as they arrive: a new shot starts where a frame's
 * embedding is further than {@code maxDistance} (cosine distance) from the previous frame's. A
 * shot ends where the next begins; the last ends where the caller says the video ends. Holds only
 * the open shot, so a live stream of any length needs constant memory.
 */
final class ShotDetector {
    private final double maxDistance;
    private float[] previous;
    private double[] sum;
    private double start;
    private int frames;

    ShotDetector(double maxDistance) {
        this.maxDistance = maxDistance;
    }

    /** Takes the next frame (in time order); returns the shot it closes, or null. */
    VideoSegment accept(double seconds, float[] embedding) {
        VideoSegment closed = null;
        if (previous != null && 1 - dot(previous, embedding) > maxDistance) {
            closed = finish(seconds);
        }
        if (sum == null) {
            sum = new double[embedding.length];
            start = seconds;
        }
        for (int i = 0; i < embedding.length; i++) {
            sum[i] += embedding[i];
        }
        frames++;
        previous = embedding;
        return closed;
    }

    /** Closes the open shot at {@code end} (not before its last frame); null when there is none. */
    VideoSegment finish(double end) {
        if (sum == null) {
            return null;
        }
        VideoSegment shot = new VideoSegment(start, Math.max(end, start), frames, unit(sum), null);
        sum = null;
        frames = 0;
        previous = null;
        return shot;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** The mean direction of the shot's frames, unit length. */
    private static float[] unit(double[] sum) {
        double norm = 0;
        for (double v : sum) {
            norm += v * v;
        }
        float[] out = new float[sum.length];
        double inverse = norm == 0 ? 0 : 1 / Math.sqrt(norm);
        for (int i = 0; i < sum.length; i++) {
            out[i] = (float) (sum[i] * inverse);
        }
        return out;
    }
}
