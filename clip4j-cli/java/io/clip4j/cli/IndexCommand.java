package io.clip4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clip4j.ClipModel;
import io.clip4j.image.ImageDecoder;
import io.clip4j.index.BuildListener;
import io.clip4j.index.BuildOptions;
import io.clip4j.index.BuildReport;
import io.clip4j.index.ImageSearch;
import io.clip4j.index.IndexBuilder;
import io.clip4j.index.MediaFragment;
import io.clip4j.index.SearchHit;
import io.clip4j.index.SearchOptions;
import io.clip4j.index.Similarity;
import io.clip4j.index.VectorIndex;
import io.clip4j.index.ModelIdentity;
import io.clip4j.index.VectorStore;
import io.clip4j.index.VectorStoreWriter;
import io.clip4j.index.VectorStores;
import io.clip4j.video.VideoClassifier;
import io.clip4j.video.VideoFiles;
import io.clip4j.video.VideoIndexer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.PointerScope;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clip4j index build|search}: an on-disk image index (Lucene HNSW) built from image files
 * and searched by text or by image.
 */
@Command(name = "index", description = "Build and search an image index: a Lucene directory or PostgreSQL with pgvector.",
        subcommands = {IndexCommand.Build.class, IndexCommand.Search.class})
public final class IndexCommand implements Runnable {
    /** Creates the command; picocli fills in its options. */
    public IndexCommand() {
    }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: build or search");
    }

    /** {@code clip4j index build}: embed image files into an index, incrementally. */
    @Command(name = "build", description = {
        "Embed images into an index. Re-running skips unchanged files, re-embeds changed ones and removes",
        "deleted ones under the given directories; a killed build resumes from its last commit.",
        "Prints a JSON line {\"image\", \"error\"} per file that fails, then a summary line."})
    public static final class Build implements Callable<Integer> {
        /** Creates the command; picocli fills in its options. */
        public Build() {
        }

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ModelOptions modelOptions;

        @ArgGroup(exclusive = true, multiplicity = "1")
        IndexLocation index;

        @Option(names = "--commit-every", defaultValue = "512", paramLabel = "N",
                description = "Commit after this many changes (default: ${DEFAULT-VALUE}); a killed build loses at most these.")
        int commitEvery;

        @Option(names = "--similarity", paramLabel = "S",
                description = "dot_product or cosine, for a new index (default: dot_product; an existing index keeps its own).")
        String similarity;

        @Option(names = "--load-threads", paramLabel = "N", description = "Threads that read, hash and decode files (default: up to 4).")
        Integer loadThreads;

        @Option(names = "--rehash", description = "Hash every file instead of trusting unchanged size and modification time.")
        boolean rehash;

        @Parameters(arity = "0..*", paramLabel = "FILE_OR_DIR",
                description = "Images, videos (a document per shot, with its time range) and directories holding them.")
        List<Path> inputs;

        @Mixin
        VideoSampling videoSampling;

        @Option(names = "--parallel-videos", defaultValue = "1", paramLabel = "N",
                description = "Videos decoded at once (default: ${DEFAULT-VALUE}).")
        int parallelVideos;

        @Option(names = "--embeddings", paramLabel = "SPARK_OUTPUT",
                description = "Index the output of spark-embed (Parquet or JSON lines) instead of image files: no re-encoding.")
        String embeddings;

        @Override
        public Integer call() {
            BuildOptions options = BuildOptions.defaults().withBatchSize(modelOptions.batchSize).withCommitEvery(commitEvery)
                    .withRehash(rehash).withSimilarity(similarity == null ? null : Similarity.parse(similarity));
            if (loadThreads != null) {
                options = options.withLoadThreads(loadThreads);
            }
            String location = index.location(spec.commandLine());
            if ((inputs == null || inputs.isEmpty()) == (embeddings == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "give FILE_OR_DIR... or --embeddings SPARK_OUTPUT (one of them)");
            }
            OptionChecks.atLeast(spec, "--parallel-videos", parallelVideos, 1);
            var shots = new VideoClassifier.Options(videoSampling.sampling(spec.commandLine()),
                    videoSampling.maxDistance(spec.commandLine()), 1, modelOptions.batchSize);
            PrintWriter out = spec.commandLine().getOut();
            BuildReport report;
            BuildReport videoReport = null;
            if (embeddings != null) {
                report = importEmbeddings(location, options);
            } else {
                // named video files go to the video indexer only; directories to both (each lists its own kind)
                List<Path> imageInputs = inputs.stream().filter(p -> !VideoFiles.isVideoFile(p)).toList();
                List<Path> videoInputs = inputs.stream().filter(p -> VideoFiles.isVideoFile(p) || Files.isDirectory(p)).toList();
                ProgressListener listener = new ProgressListener(out);
                try (ClipModel clip = modelOptions.load();
                     VectorStoreWriter writer = VectorStores.openWriter(location, ModelIdentity.of(clip), options.similarity(),
                             options.index())) {
                    report = imageInputs.isEmpty() ? null : new IndexBuilder(clip, options).build(writer, imageInputs, listener);
                    if (!videoInputs.isEmpty()) {
                        videoReport = new VideoIndexer(clip, shots, parallelVideos, rehash).build(writer, videoInputs,
                                new VideoErrors(out));
                    }
                } finally {
                    listener.close();
                }
                if (report == null) {
                    report = new BuildReport(0, 0, 0, 0, 0, videoReport.documents(), videoReport.seconds());
                }
            }
            ObjectNode summary = JsonLines.object().put("index", VectorStores.withoutSecrets(location))
                    .put("documents", videoReport != null ? videoReport.documents() : report.documents())
                    .put("added", report.added()).put("updated", report.updated()).put("unchanged", report.unchanged())
                    .put("removed", report.removed()).put("failed", report.failed())
                    .put("seconds", Math.round(report.seconds() * 100) / 100.0);
            if (videoReport != null) {
                summary.putObject("videos").put("added", videoReport.added()).put("updated", videoReport.updated())
                        .put("unchanged", videoReport.unchanged()).put("removed", videoReport.removed())
                        .put("failed", videoReport.failed()).put("seconds", Math.round(videoReport.seconds() * 100) / 100.0);
            }
            JsonLines.print(out, summary);
            return report.failed() == 0 && (videoReport == null || videoReport.failed() == 0) ? 0 : 1;
        }

        /** Fills the index from spark-embed's output, read with Spark in this JVM; checks the model is --model. */
        private BuildReport importEmbeddings(String location, BuildOptions options) {
            ModelIdentity model;
            try (ClipModel clip = modelOptions.load()) {
                model = ModelIdentity.of(clip);
            }
            org.apache.spark.sql.SparkSession spark = LocalSpark.start("local[1]");
            try (VectorStoreWriter writer = VectorStores.openWriter(location, model, options.similarity(), options.index())) {
                return io.clip4j.spark.EmbeddingsImport.into(spark, embeddings, writer, options.commitEvery());
            } finally {
                spark.stop();
            }
        }
    }

    /** Prints a video that fails as an error line {"video", "error"}. */
    private record VideoErrors(PrintWriter out) implements BuildListener {
        @Override
        public void failed(String path, String error) {
            JsonLines.print(out, JsonLines.object().put("video", path).put("error", error));
        }
    }

    /** Shows a progress bar and prints failures as error lines. */
    private static final class ProgressListener implements BuildListener, AutoCloseable {
        private final PrintWriter out;
        private Progress progress;

        ProgressListener(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void planned(int found, int toLoad, int toRemove) {
            progress = new Progress("index", toLoad);
        }

        @Override
        public void progressed(int files) {
            if (progress != null) {
                progress.step(files);
            }
        }

        @Override
        public void failed(String path, String error) {
            JsonLines.print(out, JsonLines.object().put("image", path).put("error", error));
        }

        @Override
        public void close() {
            if (progress != null) {
                progress.close();
            }
        }
    }

    /** {@code {path, score}} for an image; {@code {path, start, end, score}} for a shot of a video. */
    static ObjectNode hitJson(SearchHit hit) {
        MediaFragment shot = hit.fragment();
        if (shot == null) {
            return JsonLines.object().put("path", hit.path()).put("score", hit.score());
        }
        return JsonLines.object().put("path", shot.file()).put("start", shot.start()).put("end", shot.end()).put("score", hit.score());
    }

    /** {@code clip4j index search}: the images nearest a text or an image. */
    @Command(name = "search", description = {"Search an index by text or by image; one JSON line {\"path\", \"score\"} per hit, best",
        "first; a shot of a video is {\"path\", \"start\", \"end\", \"score\"} (seconds)."})
    public static final class Search implements Callable<Integer> {
        /** Creates the command; picocli fills in its options. */
        public Search() {
        }

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ModelOptions modelOptions;

        @ArgGroup(exclusive = true, multiplicity = "1")
        IndexLocation index;

        /** Exactly one query. */
        static final class Query {
            @Option(names = "--text", paramLabel = "TEXT", description = "Find images that match this text.")
            String text;

            @Option(names = "--image", paramLabel = "PATH", description = "Find images that look like this one.")
            Path image;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Query query;

        @Option(names = "--k", defaultValue = "10", paramLabel = "K", description = "Hits to print (default: ${DEFAULT-VALUE}).")
        int k;

        @Option(names = "--exact", description = "Exact search (a matrix product over every vector) instead of HNSW.")
        boolean exact;

        @Option(names = "--candidates", paramLabel = "N",
                description = "HNSW candidates per segment (default: max(k, " + VectorIndex.DEFAULT_CANDIDATES + ")).")
        Integer candidates;

        @Option(names = "--path-prefix", paramLabel = "PREFIX",
                description = "Only images whose indexed path starts with this (a folder, say).")
        String pathPrefix;

        @Override
        public Integer call() {
            SearchOptions options = SearchOptions.top(k);
            if (candidates != null) {
                options = options.withCandidates(candidates);
            }
            if (exact) {
                options = options.exactly();
            }
            options = options.withPathPrefix(pathPrefix);
            String location = index.location(spec.commandLine());
            PrintWriter out = spec.commandLine().getOut();
            try (ClipModel clip = modelOptions.load(); VectorStore opened = VectorStores.open(location, clip.options().device())) {
                ImageSearch search = new ImageSearch(clip, opened);
                List<SearchHit> hits;
                if (query.text != null) {
                    hits = search.byText(query.text, options);
                } else {
                    try (PointerScope scope = new PointerScope()) {
                        hits = search.byImage(new ImageDecoder().decode(query.image), options);
                    }
                }
                for (SearchHit hit : hits) {
                    JsonLines.print(out, hitJson(hit));
                }
            }
            return 0;
        }
    }
}
