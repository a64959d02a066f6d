package io.clip4j.video;

import io.clip4j.ClipModel;
import io.clip4j.zeroshot.LabelVectors;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
 */
public final class VideoClassifier {
    /**
     * @param everySeconds one frame per this many seconds
     * @param maxDistance the cosine distance between consecutive frames that starts a new shot
     * @param topK labels per shot
     * @param batchSize frames per encoder call
     */
    public record Options(double everySeconds, double maxDistance, int topK, int batchSize) {
        /** A frame every half second, a new shot beyond cosine distance 0.1, the best 3 labels, batches of 32. */
        public static Options defaults() {
            return new Options(0.5, 0.1, 3, 32);
        }
    }

    /** The shots of one video, and whether decoding stopped early (why), else null. */
    public record Result(Path video, List<VideoSegment> segments, double durationSeconds, String stoppedEarly) {
    }

    private final ClipModel model;
    private final LabelVectors labels;
    private final Options options;

    /** Classifies with {@code classifier}'s labels (copied to the heap; the classifier may be closed after). */
    public VideoClassifier(ClipModel model, ZeroShotClassifier classifier, Options options) {
        this.model = model;
        this.labels = classifier.onHeap();
        this.options = options;
    }

    /**
     * The shots of {@code video} with their labels.
     *
     * @throws VideoException when the file cannot be opened as a video
     */
    public Result classify(Path video) {
        VideoEmbeddings frames = VideoEmbeddings.of(model, video, options.everySeconds(), options.batchSize());
        List<VideoSegment> shots = new ArrayList<>();
        if (!frames.times().isEmpty()) {
            for (VideoSegment s : ShotDetector.segments(frames.times(), frames.embeddings(), options.maxDistance(),
                    frames.endSeconds())) {
                shots.add(new VideoSegment(s.start(), s.end(), s.frames(), s.embedding(),
                        labels.classify(s.embedding(), options.topK())));
            }
        }
        return new Result(video, shots, frames.endSeconds(), frames.stoppedEarly());
    }
}
