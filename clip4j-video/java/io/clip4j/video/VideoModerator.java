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
     * The flagged ranges of {@code source} (a file, a stream that ends, or the caller's grabber), sorted by start.
     *
     * @throws VideoException when the source cannot be opened as a video
     */
    public Result moderate(VideoSource source) {
        List<FlaggedRange> done = new ArrayList<>();
        Summary s = moderate(source, done::add);
        done.sort(java.util.Comparator.comparingDouble(FlaggedRange::start).thenComparing(FlaggedRange::category));
        return new Result(source.name(), done, s.framesScored(), s.stoppedEarly());
    }

    /** How a streamed moderation ended: frames scored, ranges flagged, and why decoding stopped early (or null). */
    public record Summary(int framesScored, int flagged, String stoppedEarly) {
    }

    /**
     * Moderates {@code source} in constant memory, handing each flagged range to {@code closed} as soon as it
     * ends (a live stream gives its ranges while it runs). A frame's stretch ends where the next frame starts,
     * so each verdict waits for one more frame; ranges still open at the end are handed over last.
     *
     * @throws VideoException when the source cannot be opened as a video
     */
    public Summary moderate(VideoSource source, java.util.function.Consumer<FlaggedRange> closed) {
        Ranges ranges = new Ranges(closed);
        VideoEmbeddings.Summary s = VideoEmbeddings.stream(model, source, sampling, batchSize,
                (seconds, embedding) -> ranges.frame(seconds, moderator.moderate(embedding)));
        ranges.finish(s.endSeconds());
        return new Summary(s.frames(), ranges.count, s.stoppedEarly());
    }

    /** The open ranges, per category, and the last frame whose stretch is not yet known. */
    private static final class Ranges {
        private final java.util.function.Consumer<FlaggedRange> closed;
        private final Map<String, FlaggedRange> open = new LinkedHashMap<>();
        private double pendingStart = Double.NaN;
        private ModerationResult pending;
        private int count;

        Ranges(java.util.function.Consumer<FlaggedRange> closed) {
            this.closed = closed;
        }

        void frame(double seconds, ModerationResult verdict) {
            if (pending != null) {
                settle(pendingStart, seconds, pending);
            }
            pendingStart = seconds;
            pending = verdict;
        }

        void finish(double endSeconds) {
            if (pending != null) {
                settle(pendingStart, Math.max(endSeconds, pendingStart), pending);
            }
            List.copyOf(open.values()).forEach(this::close);
            open.clear();
        }

        private void settle(double start, double end, ModerationResult verdict) {
            Map<String, CategoryScore> flagged = new LinkedHashMap<>();
            verdict.flaggedCategories().forEach(c -> flagged.put(c.category(), c));
            for (String category : List.copyOf(open.keySet())) {
                if (!flagged.containsKey(category)) {
                    close(open.remove(category));
                }
            }
            for (CategoryScore c : flagged.values()) {
                FlaggedRange r = open.get(c.category());
                open.put(c.category(), r == null ? new FlaggedRange(c.category(), start, end, 1, c.score(), c.action())
                        : new FlaggedRange(c.category(), r.start(), end, r.frames() + 1, Math.max(r.maxScore(), c.score()),
                                c.action().compareTo(r.action()) > 0 ? c.action() : r.action()));
            }
        }

        private void close(FlaggedRange range) {
            count++;
            closed.accept(range);
        }
    }
}
