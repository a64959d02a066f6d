package io.clip4j.cli;

import io.clip4j.ClipModel;
import io.clip4j.zeroshot.Prediction;
import io.clip4j.zeroshot.ZeroShotClassifier;
import io.clip4j.moderation.DefaultPolicy;
import io.clip4j.moderation.Moderator;
import io.clip4j.moderation.PolicyReader;
import io.clip4j.video.VideoClassifier;
import io.clip4j.video.VideoEmbeddings;
import io.clip4j.video.VideoModerator;
import io.clip4j.video.VideoSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clip4j video classify}: labels per shot of video files, with the shot's time range. */
@Command(name = "video", description = "Classify or moderate video files, with timestamps.",
        subcommands = {VideoCommand.Classify.class, VideoCommand.Moderate.class})
public final class VideoCommand implements Runnable {
    /** Creates the command; picocli fills in its options. */
    public VideoCommand() {
    }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: classify or moderate");
    }

    /** The videos a command reads and how many at once. */
    static final class Inputs {
        @Option(names = "--parallel", defaultValue = "1", paramLabel = "N",
                description = "Videos decoded at once (default: ${DEFAULT-VALUE}); each video's lines stay together, in input order.")
        int parallel;

        @Option(names = "--decoder", paramLabel = "NAME",
                description = "FFmpeg decoder to use instead of the default, e.g. h264_cuvid (NVDEC on an NVIDIA GPU).")
        String decoder;

        @Parameters(arity = "1..*", paramLabel = "VIDEO", description = "Video files, or stream URLs (rtsp://, http://, ...).")
        List<String> videos;

        /** The video as a source, with the decoder asked for. */
        VideoSource source(String video) {
            VideoSource source = VideoSource.of(video);
            return decoder == null ? source : source.withDecoder(decoder);
        }
    }

    /** {@code clip4j video classify}. */
    @Command(name = "classify", description = {
        "Sample each VIDEO (every --every seconds, --fps F, or --keyframes), merge alike consecutive frames into shots",
        "and label each shot zero-shot; one JSON line {video, start, end, frames, predictions} per shot (seconds,",
        "3 decimals), printed as each shot ends."})
    public static final class Classify implements Callable<Integer> {
        /** Creates the command; picocli fills in its options. */
        public Classify() {
        }

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ModelOptions modelOptions;

        @Mixin
        LabelOptions labelOptions;

        @Mixin
        VideoSampling sampling;

        @Mixin
        Inputs inputs;

        @Option(names = "--top-k", defaultValue = "3", paramLabel = "K", description = "Labels per shot (default: ${DEFAULT-VALUE}).")
        int topK;

        @Override
        public Integer call() {
            OptionChecks.atLeast(spec, "--top-k", topK, 1);
            OptionChecks.atLeast(spec, "--parallel", inputs.parallel, 1);
            VideoClassifier.Options options = new VideoClassifier.Options(sampling.sampling(spec.commandLine()),
                    sampling.maxDistance(spec.commandLine()), topK, modelOptions.batchSize);
            List<String> all = labelOptions.all();
            if (all.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no labels: give --labels or --labels-file");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (ClipModel clip = modelOptions.load(); ZeroShotClassifier classifier = clip.classifier(all)) {
                VideoClassifier videoClassifier = new VideoClassifier(clip, classifier, options);
                int failed = VideoJobs.run(inputs.videos, inputs.parallel, out, (video, line) -> {
                    try (Progress progress = inputs.parallel == 1 ? Progress.videoSeconds(video) : null) {
                        VideoEmbeddings.Summary s = videoClassifier.classify(inputs.source(video), shot -> {
                            var json = JsonLines.object().put("video", video).put("start", VideoJobs.round(shot.start()))
                                    .put("end", VideoJobs.round(shot.end())).put("frames", shot.frames());
                            var predictions = json.putArray("predictions");
                            for (Prediction p : shot.labels().top()) {
                                predictions.addObject().put("label", p.label()).put("score", p.probability()).put("cosine", p.cosine());
                            }
                            line.accept(json);
                            if (progress != null) {
                                progress.update((long) shot.end(), "");
                            }
                        });
                        if (s.stoppedEarly() != null) {
                            line.accept(JsonLines.object().put("video", video).put("error", s.stoppedEarly()));
                            return false;
                        }
                        return true;
                    }
                });
                return failed == 0 ? 0 : 1;
            }
        }
    }

    /** {@code clip4j video moderate}: the time ranges of each video that a moderation policy flags. */
    @Command(name = "moderate", description = {
        "Score sampled frames of each VIDEO against a moderation policy (the built-in, uncalibrated default without",
        "--policy); one JSON line {video, category, start, end, frames, max_score, action} per flagged range, then",
        "{video, frames, flagged} per video."})
    public static final class Moderate implements Callable<Integer> {
        /** Creates the command; picocli fills in its options. */
        public Moderate() {
        }

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ModelOptions modelOptions;

        @Option(names = "--policy", paramLabel = "POLICY.json", description = "Moderation policy (default: the built-in one).")
        Path policy;

        @Mixin
        VideoSampling sampling;

        @Mixin
        Inputs inputs;

        @Override
        public Integer call() {
            OptionChecks.atLeast(spec, "--parallel", inputs.parallel, 1);
            var frames = sampling.sampling(spec.commandLine());
            PrintWriter out = spec.commandLine().getOut();
            try (ClipModel clip = modelOptions.load();
                 Moderator moderator = Moderator.create(clip, policy == null ? DefaultPolicy.load() : PolicyReader.read(policy))) {
                VideoModerator videoModerator = new VideoModerator(clip, moderator, frames, modelOptions.batchSize);
                int failed = VideoJobs.run(inputs.videos, inputs.parallel, out, (video, line) -> {
                    // each range printed as it closes: an endless stream gives lines while it runs
                    VideoModerator.Summary r = videoModerator.moderate(inputs.source(video), f -> line.accept(JsonLines.object()
                            .put("video", video).put("category", f.category())
                            .put("start", VideoJobs.round(f.start())).put("end", VideoJobs.round(f.end()))
                            .put("frames", f.frames()).put("max_score", f.maxScore()).put("action", f.action().name().toLowerCase())));
                    var summary = JsonLines.object().put("video", video).put("frames", r.framesScored()).put("flagged", r.flagged());
                    if (r.stoppedEarly() != null) {
                        summary.put("error", r.stoppedEarly());
                    }
                    line.accept(summary);
                    return r.stoppedEarly() == null;
                });
                return failed == 0 ? 0 : 1;
            }
        }
    }
}
