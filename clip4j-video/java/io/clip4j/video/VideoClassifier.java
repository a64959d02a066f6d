package io.clip4j.video;

import io.clip4j.ClipModel;
import io.clip4j.zeroshot.LabelVectors;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Classifies a video by shots: samples and embeds frames ({@link VideoEmbeddings}), merges alike consecutive frames into shots
 * ({@code maxDistance}) and classifies each shot's mean embedding zero-shot.
 *
 * <pre>{@code
 * try (ClipModel clip = ClipModel.load(dir); ZeroShotClassifier labels = clip.classifier(List.of("a dog", "a cat"))) {
 *     VideoClassifier.Result r = new VideoClassifier(clip, labels, VideoClassifier.Options.defaults()).classify(video);
 *     r.segments().forEach(s -> System.out.println(s.start() + "-" + s.end() + " " + s.labels().best().label()));
 * }
 * }</pre>
 *
 * For a live stream or a caller's own grabber, {@link #classify(VideoSource, Consumer)} hands on
 * each shot as soon as the next one starts. Safe to use from several threads at once.
 */
public final class VideoClassifier {
    /**
     * @param sampling which frames are embedded
     * @param maxDistance the cosine distance between consecutive frames that starts a new shot
     * @param topK labels per shot (ignored where shots are not classified)
     * @param batchSize frames per encoder call
     */
    public record Options(Sampling sampling, double maxDistance, int topK, int batchSize) {
        /** Checks the fields. */
        public Options {
            java.util.Objects.requireNonNull(sampling, "sampling");
            if (!(maxDistance >= 0 && maxDistance <= 2)) {
                throw new IllegalArgumentException("maxDistance is a cosine distance in [0, 2], not " + maxDistance);
            }
            if (topK < 1 || batchSize < 1) {
                throw new IllegalArgumentException("topK and batchSize must be at least 1");
            }
        }

        /** A frame every half second, a new shot beyond cosine distance 0.1, the best 3 labels, batches of 32. */
        public static Options defaults() {
            return new Options(Sampling.every(0.5), 0.1, 3, 32);
        }
    }

    /** The shots of one video, and whether decoding stopped early (why), else null. */
    public record Result(String video, List<VideoSegment> segments, double durationSeconds, String stoppedEarly) {
    }

    private final ClipModel model;
    private final LabelVectors labels;
    private final Options options;

    /** Classifies with {@code classifier}'s labels (copied to the heap; the classifier may be closed after). */
    public VideoClassifier(ClipModel model, ZeroShotClassifier classifier, Options options) {
        this.model = model;
        this.labels = classifier == null ? null : classifier.onHeap();
        this.options = options;
    }

    /** Finds shots without labelling them (for indexing): {@link VideoSegment#labels()} is null. */
    public static VideoClassifier shotsOnly(ClipModel model, Options options) {
        return new VideoClassifier(model, null, options);
    }

    /**
     * The shots of the file {@code video} with their labels.
     *
     * @throws VideoException when the file cannot be opened as a video
     */
    public Result classify(Path video) {
        return classify(VideoSource.file(video));
    }

    /**
     * The shots of {@code source} with their labels, all kept (for a live stream, use the
     * streaming form).
     *
     * @throws VideoException when the source cannot be opened as a video
     */
    public Result classify(VideoSource source) {
        List<VideoSegment> shots = new ArrayList<>();
        VideoEmbeddings.Summary s = classify(source, shots::add);
        return new Result(source.name(), shots, s.endSeconds(), s.stoppedEarly());
    }

    /**
     * Hands each shot of {@code source}, labelled, to {@code onShot} as soon as it ends (when the
     * next shot starts, or the video does).
     *
     * @throws VideoException when the source cannot be opened as a video
     */
    public VideoEmbeddings.Summary classify(VideoSource source, Consumer<VideoSegment> onShot) {
        ShotDetector shots = new ShotDetector(options.maxDistance());
        VideoEmbeddings.Summary s = VideoEmbeddings.stream(model, source, options.sampling(), options.batchSize(),
                (seconds, embedding) -> emit(shots.accept(seconds, embedding), onShot));
        emit(shots.finish(s.endSeconds()), onShot);
        return s;
    }

    private void emit(VideoSegment shot, Consumer<VideoSegment> onShot) {
        if (shot != null) {
            onShot.accept(labels == null ? shot : new VideoSegment(shot.start(), shot.end(), shot.frames(), shot.embedding(),
                    labels.classify(shot.embedding(), options.topK())));
        }
    }
}
