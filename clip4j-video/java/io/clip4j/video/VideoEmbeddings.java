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
 * batch. What classification, moderation and indexing start from: {@link #stream} hands each
 * frame on as its batch is embedded (constant memory, for live streams too), {@link #of} keeps
 * them all.
 *
 * @param times seconds of each sampled frame, in order
 * @param embeddings one unit embedding per sampled frame
 * @param endSeconds where the video ends (its duration, else the last frame plus one step)
 * @param stoppedEarly why decoding stopped before the end, or null
 */
public record VideoEmbeddings(List<Double> times, List<float[]> embeddings, double endSeconds, String stoppedEarly) {
    /** Receives sampled frames' embeddings in time order. */
    @FunctionalInterface
    public interface FrameSink {
        /** One frame: when it shows and its unit embedding (the sink may keep the array). */
        void accept(double seconds, float[] embedding);
    }

    /**
     * How a streamed read ended.
     *
     * @param frames frames embedded
     * @param endSeconds where the video ends: its stated duration, else the last frame plus one
     *     sampling step (0 when no frame was read)
     * @param stoppedEarly why decoding stopped before the end, or null
     */
    public record Summary(int frames, double endSeconds, String stoppedEarly) {
    }

    /**
     * Samples the file {@code video} and keeps every frame's embedding.
     *
     * @throws VideoException when the file cannot be opened as a video
     */
    public static VideoEmbeddings of(ClipModel model, Path video, Sampling sampling, int batchSize) {
        return of(model, VideoSource.file(video), sampling, batchSize);
    }

    /**
     * Samples {@code source} and keeps every frame's embedding.
     *
     * @throws VideoException when the source cannot be opened as a video
     */
    public static VideoEmbeddings of(ClipModel model, VideoSource source, Sampling sampling, int batchSize) {
        List<Double> times = new ArrayList<>();
        List<float[]> embeddings = new ArrayList<>();
        Summary s = stream(model, source, sampling, batchSize, (seconds, embedding) -> {
            times.add(seconds);
            embeddings.add(embedding);
        });
        return new VideoEmbeddings(times, embeddings, s.endSeconds(), s.stoppedEarly());
    }

    /**
     * Samples {@code source} and hands each frame's embedding to {@code sink} as its batch is done.
     *
     * @param batchSize frames per encoder call
     * @throws VideoException when the source cannot be opened as a video
     */
    public static Summary stream(ClipModel model, VideoSource source, Sampling sampling, int batchSize, FrameSink sink) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        }
        List<SampledFrame> batch = new ArrayList<>();
        double[] last = {Double.NaN};
        VideoFrames.Result read;
        try {
            read = VideoFrames.read(source, sampling, model.options().isCuda(), frame -> {
                batch.add(frame);
                if (batch.size() == batchSize) {
                    last[0] = embed(model, batch, sink);
                }
            });
            if (!batch.isEmpty()) {
                last[0] = embed(model, batch, sink);
            }
        } finally {
            batch.forEach(SampledFrame::close);
        }
        double end = Double.isNaN(last[0]) ? 0
                : read.durationSeconds() > 0 ? Math.max(read.durationSeconds(), last[0]) : last[0] + sampling.tailSeconds();
        return new Summary(read.sampled(), end, read.stoppedEarly());
    }

    /** Where frame {@code i}'s stretch ends: the next frame's time, or the video's end. */
    public double endOf(int i) {
        return i + 1 < times.size() ? times.get(i + 1) : Math.max(endSeconds, times.get(i));
    }

    /** Embeds and frees a batch; returns the time of its last frame. */
    private static double embed(ClipModel model, List<SampledFrame> batch, FrameSink sink) {
        List<HostImage> images = batch.stream().map(SampledFrame::image).toList();
        try (Embeddings e = ImageEmbeddingPipeline.embed(model, images)) {
            float[][] rows = e.toArray();
            for (int i = 0; i < rows.length; i++) {
                sink.accept(batch.get(i).seconds(), rows[i]);
            }
            return batch.get(batch.size() - 1).seconds();
        } finally {
            batch.forEach(SampledFrame::close);
            batch.clear();
        }
    }
}
