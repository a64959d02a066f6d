package io.clip4j.video;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges consecutive sampled frames into shots: a new shot starts where a frame's embedding is
 * further than {@code maxDistance} (cosine distance) from the previous frame's. A shot ends where
 * the next begins; the last ends at the video's end (or its last frame plus one step).
 */
final class ShotDetector {
    private ShotDetector() {
    }

    static List<VideoSegment> segments(List<Double> times, List<float[]> embeddings, double maxDistance, double end) {
        List<VideoSegment> out = new ArrayList<>();
        int first = 0;
        for (int i = 1; i <= times.size(); i++) {
            if (i == times.size() || 1 - dot(embeddings.get(i - 1), embeddings.get(i)) > maxDistance) {
                double stop = i == times.size() ? Math.max(end, times.get(i - 1)) : times.get(i);
                out.add(new VideoSegment(times.get(first), stop, i - first, mean(embeddings.subList(first, i)), null));
                first = i;
            }
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static float[] mean(List<float[]> rows) {
        double[] sum = new double[rows.get(0).length];
        for (float[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                sum[i] += r[i];
            }
        }
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
