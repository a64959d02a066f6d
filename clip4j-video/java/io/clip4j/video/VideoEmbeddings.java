package io.clip4j.video;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.pipeline.HostImage;
import io.clip4j.pipeline.ImageEmbeddingPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A video's sampled frames as embeddings: when each frame shows and its unit embedding, from
 * {@link VideoFrames} through the core's batch step in batches; the frames are freed batch by
 * batch. What classification and moderation both start from.
 *
 * @param times seconds of each sampled frame, in order
 * @param embeddings one unit embedding per sampled frame
 * @param endSeconds where the video ends (its duration, else the last frame plus one step)
 * @param stoppedEarly why decoding stopped before the end, or null
 */
public record VideoEmbeddings(List<Double> times, List<float[]> embeddings, double endSeconds, String stoppedEarly) {
    /**
     * Samples {@code video} every {@code everySeconds} and embeds the frames with {@code model}.
     *
     * @throws VideoException when the file cannot be opened as a video
     */
    public static VideoEmbeddings of(ClipModel model, Path video, double everySeconds, int batchSize) {
        List<Double> times = new ArrayList<>();
        List<float[]> embeddings = new ArrayList<>();
        List<SampledFrame> batch = new ArrayList<>();
        VideoFrames.Result read;
        try {
            read = VideoFrames.read(video, everySeconds, model.options().isCuda(), frame -> {
                batch.add(frame);
                if (batch.size() == batchSize) {
                    embed(model, batch, times, embeddings);
                }
            });
            embed(model, batch, times, embeddings);
        } finally {
            batch.forEach(SampledFrame::close);
        }
        double end = read.durationSeconds() > 0 ? read.durationSeconds()
                : times.isEmpty() ? 0 : times.get(times.size() - 1) + everySeconds;
        return new VideoEmbeddings(times, embeddings, end, read.stoppedEarly());
    }

    /** Where frame {@code i}'s stretch ends: the next frame's time, or the video's end. */
    public double endOf(int i) {
        return i + 1 < times.size() ? times.get(i + 1) : Math.max(endSeconds, times.get(i));
    }

    private static void embed(ClipModel model, List<SampledFrame> batch, List<Double> times, List<float[]> embeddings) {
        if (batch.isEmpty()) {
            return;
        }
        List<HostImage> images = batch.stream().map(SampledFrame::image).toList();
        try (Embeddings e = ImageEmbeddingPipeline.embed(model, images)) {
            float[][] rows = e.toArray();
            for (int i = 0; i < rows.length; i++) {
                times.add(batch.get(i).seconds());
                embeddings.add(rows[i]);
            }
        } finally {
            batch.forEach(SampledFrame::close);
            batch.clear();
        }
    }
}
