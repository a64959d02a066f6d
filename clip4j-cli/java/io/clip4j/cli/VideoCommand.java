package io.clip4j.cli;

import io.clip4j.BadFileException;
import io.clip4j.ClipModel;
import io.clip4j.zeroshot.ClassNames;
import io.clip4j.zeroshot.Prediction;
import io.clip4j.zeroshot.ZeroShotClassifier;
import io.clip4j.video.VideoClassifier;
import io.clip4j.video.VideoSegment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

    /** {@code clip4j video classify}. */
    @Command(name = "classify", description = {
        "Sample each VIDEO every --every seconds, merge alike consecutive frames into shots and label each shot",
        "zero-shot; one JSON line {video, start, end, frames, predictions} per shot (seconds, 3 decimals)."})
    public static final class Classify implements Callable<Integer> {
        /** Creates the command; picocli fills in its options. */
        public Classify() {
        }

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ModelOptions modelOptions;

        @Option(names = "--labels", split = ",", paramLabel = "L1,L2", description = "Labels, comma-separated.")
        List<String> labels = new ArrayList<>();

        @Option(names = "--labels-file", paramLabel = "F", description = "More labels, one per line.")
        Path labelsFile;

        @Mixin
        VideoInputs inputs;

        @Option(names = "--max-distance", defaultValue = "0.1", paramLabel = "D",
                description = "Cosine distance between consecutive frames that starts a new shot (default: ${DEFAULT-VALUE}).")
        double maxDistance;

        @Option(names = "--top-k", defaultValue = "3", paramLabel = "K", description = "Labels per shot (default: ${DEFAULT-VALUE}).")
        int topK;

        @Override
        public Integer call() {
            OptionChecks.atLeast(spec, "--top-k", topK, 1);
            double every = inputs.every(spec.commandLine());
            OptionChecks.between(spec, "--max-distance", maxDistance, 0, 2);
            List<String> all = new ArrayList<>(labels.stream().map(String::strip).toList());
            if (labelsFile != null) {
                all.addAll(ClassNames.read(labelsFile));
            }
            if (all.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no labels: give --labels or --labels-file");
            }
            PrintWriter out = spec.commandLine().getOut();
            int failed = 0;
            try (ClipModel clip = modelOptions.load(); ZeroShotClassifier classifier = clip.classifier(all)) {
                VideoClassifier videoClassifier = new VideoClassifier(clip, classifier,
                        new VideoClassifier.Options(every, maxDistance, topK, modelOptions.batchSize));
                for (Path video : inputs.videos) {
                    try {
                        VideoClassifier.Result r = videoClassifier.classify(video);
                        for (VideoSegment s : r.segments()) {
                            var line = JsonLines.object().put("video", video.toString()).put("start", round(s.start()))
                                    .put("end", round(s.end())).put("frames", s.frames());
                            var predictions = line.putArray("predictions");
                            for (Prediction p : s.labels().top()) {
                                predictions.addObject().put("label", p.label()).put("score", p.probability()).put("cosine", p.cosine());
                            }
                            JsonLines.print(out, line);
                        }
                        if (r.stoppedEarly() != null) {
                            failed++;
                            JsonLines.print(out, JsonLines.object().put("video", video.toString()).put("error", r.stoppedEarly()));
                        }
                    } catch (BadFileException e) {
                        failed++;
                        JsonLines.print(out, JsonLines.object().put("video", video.toString()).put("error", e.getMessage()));
                    }
                }
            }
            return failed == 0 ? 0 : 1;
        }

        static double round(double seconds) {
            return Math.round(seconds * 1000) / 1000.0;
        }
    }

    /** {@code clip4j video moderate}: the time ranges of each video that a moderation policy flags. */
    @Command(name = "moderate", description = {
        "Score a frame every --every seconds of each VIDEO against a moderation policy (the built-in, uncalibrated",
        "default without --policy); one JSON line {video, category, start, end, frames, max_score, action} per flagged",
        "range, then {video, frames, flagged} per video."})
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
        VideoInputs inputs;

        @Override
        public Integer call() {
            double every = inputs.every(spec.commandLine());
            PrintWriter out = spec.commandLine().getOut();
            int failed = 0;
            try (ClipModel clip = modelOptions.load();
                 io.clip4j.moderation.Moderator moderator = io.clip4j.moderation.Moderator.create(clip, policy == null
                         ? io.clip4j.moderation.DefaultPolicy.load() : io.clip4j.moderation.PolicyReader.read(policy))) {
                io.clip4j.video.VideoModerator videoModerator = new io.clip4j.video.VideoModerator(clip, moderator, every,
                        modelOptions.batchSize);
                for (Path video : inputs.videos) {
                    try {
                        io.clip4j.video.VideoModerator.Result r = videoModerator.moderate(video);
                        for (io.clip4j.video.VideoModerator.FlaggedRange f : r.flagged()) {
                            JsonLines.print(out, JsonLines.object().put("video", video.toString()).put("category", f.category())
                                    .put("start", Classify.round(f.start())).put("end", Classify.round(f.end()))
                                    .put("frames", f.frames()).put("max_score", f.maxScore()).put("action", f.action().name().toLowerCase()));
                        }
                        var summary = JsonLines.object().put("video", video.toString()).put("frames", r.framesScored())
                                .put("flagged", r.flagged().size());
                        if (r.stoppedEarly() != null) {
                            failed++;
                            summary.put("error", r.stoppedEarly());
                        }
                        JsonLines.print(out, summary);
                    } catch (BadFileException e) {
                        failed++;
                        JsonLines.print(out, JsonLines.object().put("video", video.toString()).put("error", e.getMessage()));
                    }
                }
            }
            return failed == 0 ? 0 : 1;
        }
    }
}
