package io.clip4j.video;

import io.clip4j.ClipModel;
import io.clip4j.moderation.Action;
import io.clip4j.moderation.CategoryScore;
import io.clip4j.moderation.ModerationResult;
import io.clip4j.moderation.Moderator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which seconds of a video break a moderation policy: every sampled frame is scored against the
 * policy, and consecutive frames flagged for the same category become one time range (from the
 * first flagged frame to the frame after the last, or the video's end), with the highest score
 * and the strictest action seen in it. Frames, not shots: a brief flagged moment is not averaged
 * away by the shot around it.
 */
public final class VideoModerator {
    /** One flagged stretch of one category. */
    public record FlaggedRange(String category, double start, double end, int frames, double maxScore, Action action) {
    }

    /** A video's flagged ranges, in order of start, and whether decoding stopped early (why), else null. */
    public record Result(String video, List<FlaggedRange> flagged, int framesScored, String stoppedEarly) {
    }

    private final ClipModel model;
    private final Moderator moderator;
    private final Sampling sampling;
    private final int batchSize;

    /** Scores the frames {@code sampling} picks with {@code moderator} (built on {@code model}). */
    public VideoModerator(ClipModel model, Moderator moderator, Sampling sampling, int batchSize) {
        this.model = model;
        this.moderator = moderator;
        this.sampling = sampling;
        this.batchSize = batchSize;
    }

    /**
     * The flagged ranges of {@code video}.
     *
     * @throws VideoException when the file cannot be opened as a video
     */
    public Result moderate(Path video) {
        return moderate(VideoSource.file(video));
    }

    /**
     * The flagged ranges of {@code source} (a file, a stream that ends, or the caller's grabber).
     *
     * @throws VideoException when the source cannot be opened as a video
     */
    public Result moderate(VideoSource source) {
        VideoEmbeddings frames = VideoEmbeddings.of(model, source, sampling, batchSize);
        List<FlaggedRange> done = new ArrayList<>();
        Map<String, FlaggedRange> open = new LinkedHashMap<>();
        for (int i = 0; i < frames.times().size(); i++) {
            ModerationResult verdict = moderator.moderate(frames.embeddings().get(i));
            double start = frames.times().get(i);
            double end = frames.endOf(i);
            Map<String, CategoryScore> flagged = new LinkedHashMap<>();
            verdict.flaggedCategories().forEach(c -> flagged.put(c.category(), c));
            for (String category : List.copyOf(open.keySet())) {
                if (!flagged.containsKey(category)) {
                    done.add(open.remove(category));
                }
            }
            for (CategoryScore c : flagged.values()) {
                FlaggedRange r = open.get(c.category());
                open.put(c.category(), r == null ? new FlaggedRange(c.category(), start, end, 1, c.score(), c.action())
                        : new FlaggedRange(c.category(), r.start(), end, r.frames() + 1, Math.max(r.maxScore(), c.score()),
                                c.action().compareTo(r.action()) > 0 ? c.action() : r.action()));
            }
        }
        done.addAll(open.values());
        done.sort(java.util.Comparator.comparingDouble(FlaggedRange::start).thenComparing(FlaggedRange::category));
        return new Result(source.name(), done, frames.times().size(), frames.stoppedEarly());
    }
}
