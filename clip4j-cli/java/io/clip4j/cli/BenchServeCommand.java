package io.clip4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.ClipOptions;
import io.clip4j.Precision;
import io.clip4j.serve.CpuThreads;
import io.clip4j.serve.EmbeddingServer;
import io.clip4j.serve.ServerSettings;
import io.clip4j.serve.load.LoadGenerator;
import io.clip4j.serve.load.LoadResult;
import io.clip4j.serve.load.ResidentMemory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clip4j bench-serve}: closed-loop HTTP load against the embedding server. Either starts
 * the server in this process once per {@code --max-batch} value (to compare batching on and off
 * on the same machine), or loads a server already running ({@code --url}, e.g. {@code clip4j serve}
 * in another process, whose resident memory {@code --server-pid} samples). One JSON line per run:
 * requests/s, latency p50/p90/p99, statuses, mean batch size, resident memory at start and end.
 */
@Command(name = "bench-serve", description = "Load-test the embedding server: requests/s and latency percentiles; one JSON line per run.")
final class BenchServeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model to serve in this process (not with --url).")
    Path model;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "D", description = "Device for the in-process server (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--dtype", defaultValue = "fp32", paramLabel = "T", description = "Precision for the in-process server (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--url", paramLabel = "URL", description = "Load a server already running at this http:// URL instead.")
    URI url;

    @Option(names = "--server-pid", paramLabel = "PID", description = "With --url: sample this process's resident memory.")
    Long serverPid;

    @Option(names = "--max-batch", defaultValue = "64,1", split = ",", paramLabel = "N",
            description = "In-process: one run per value (default: ${DEFAULT-VALUE}).")
    List<Integer> maxBatches;

    @Option(names = "--max-wait-ms", defaultValue = "5", paramLabel = "MS", description = "In-process batch wait (default: ${DEFAULT-VALUE}).")
    long maxWaitMs;

    @Option(names = "--connections", defaultValue = "64", paramLabel = "N", description = "Concurrent connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--duration", defaultValue = "30", paramLabel = "S", description = "Measured seconds per run (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--warmup", defaultValue = "5", paramLabel = "S", description = "Seconds of load before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--route", defaultValue = "text", paramLabel = "R", description = "text or image (default: ${DEFAULT-VALUE}).")
    String route;

    @Option(names = "--texts-per-request", defaultValue = "1", paramLabel = "N", description = "Texts in each text request (default: ${DEFAULT-VALUE}).")
    int textsPerRequest;

    @Option(names = "--image", paramLabel = "FILE", description = "The image each image request sends (raw bytes).")
    Path image;

    @Option(names = "--blas-threads", defaultValue = "-1", paramLabel = "N",
            description = "In-process: OpenBLAS threads, as for serve (default: 1, or $OPENBLAS_NUM_THREADS).")
    int blasThreads;

    @Option(names = "--sample-seconds", defaultValue = "10", paramLabel = "S", description = "Resident-memory sampling interval (default: ${DEFAULT-VALUE}).")
    int sampleSeconds;

    @Override
    public Integer call() throws Exception {
        if ((model == null) == (url == null)) {
            throw new ClipException("give either --model (serve in this process) or --url (a running server)");
        }
        if (!route.equals("text") && !route.equals("image")) {
            throw new ClipException("--route must be text or image, not '" + route + "'");
        }
        if (route.equals("image") && image == null) {
            throw new ClipException("--route image needs --image FILE");
        }
        ServeCommand.quietLibraryLogs();
        PrintWriter out = spec.commandLine().getOut();
        if (url != null) {
            long pid = serverPid == null ? -1 : serverPid;
            JsonLines.print(out, runOnce(url, pid, null));
            return 0;
        }
        spec.commandLine().getErr().println("bench-serve: " + CpuThreads.apply(device, blasThreads));
        int largest = maxBatches.stream().mapToInt(Integer::intValue).max().orElse(64);
        List<ObjectNode> results = new ArrayList<>();
        try (ClipModel clip = ClipModel.load(model, ClipOptions.defaults().withDevice(device)
                .withPrecision(Precision.parse(dtype)).withMaxBatch(Math.max(64, largest)))) {
            for (int maxBatch : maxBatches) {
                ServerSettings settings = ServerSettings.builder().port(0).maxBatch(maxBatch)
                        .maxWait(Duration.ofMillis(maxWaitMs)).build();
                try (EmbeddingServer server = EmbeddingServer.start(clip, settings)) {
                    ObjectNode line = runOnce(URI.create(server.url()), ProcessHandle.current().pid(), maxBatch);
                    JsonLines.print(out, line);
                    results.add(line);
                }
            }
        }
        if (results.size() >= 2) {
            ObjectNode first = results.get(0);
            ObjectNode last = results.get(results.size() - 1);
            JsonLines.print(out, JsonLines.object()
                    .put("comparison", "max_batch " + first.get("max_batch").asInt() + " vs " + last.get("max_batch").asInt())
                    .put("throughput_ratio", round(first.get("requests_per_second").asDouble() / last.get("requests_per_second").asDouble()))
                    .put("p99_ratio", round(first.get("p99_ms").asDouble() / last.get("p99_ms").asDouble())));
        }
        return 0;
    }

    private ObjectNode runOnce(URI server, long pid, Integer maxBatch) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        IntFunction<byte[]> requests = requests(server);
        List<Long> samples = new ArrayList<>();
        long rssStart = ResidentMemory.of(pid);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            long rss = ResidentMemory.of(pid);
            samples.add(rss);
            err.printf("bench-serve: resident %.1f MB%n", rss / 1e6);
        }, sampleSeconds, sampleSeconds, TimeUnit.SECONDS);
        err.printf("bench-serve: %s, %d connections, %d s warm-up + %d s%s ...%n", server, connections, warmup, duration,
                maxBatch == null ? "" : ", max batch " + maxBatch);
        double[] batchBefore = batchStats(server);
        LoadResult r;
        try {
            r = LoadGenerator.run(server, requests, connections, Duration.ofSeconds(warmup), Duration.ofSeconds(duration));
        } finally {
            sampler.shutdownNow();
        }
        long rssEnd = ResidentMemory.of(pid);
        double[] batchAfter = batchStats(server);
        double meanBatch = batchAfter[1] > batchBefore[1]
                ? (batchAfter[0] - batchBefore[0]) / (batchAfter[1] - batchBefore[1]) : Double.NaN;
        ObjectNode line = JsonLines.object().put("route", route).put("connections", r.connections());
        if (maxBatch != null) {
            line.put("max_batch", maxBatch).put("max_wait_ms", maxWaitMs);
        }
        line.put("seconds", r.seconds()).put("requests_per_second", round(r.requestsPerSecond()))
                .put("p50_ms", round(r.p50Ms())).put("p90_ms", round(r.p90Ms())).put("p99_ms", round(r.p99Ms()))
                .put("max_ms", round(r.maxMs())).put("ok", r.ok()).put("rejected_429", r.rejected()).put("failed", r.failed())
                .put("mean_batch", round(meanBatch))
                .put("rss_start_mb", round(rssStart / 1e6)).put("rss_end_mb", round(rssEnd / 1e6));
        var array = line.putArray("rss_samples_mb");
        samples.forEach(s -> array.add(round(s / 1e6)));
        line.put("rss_of", pid == ProcessHandle.current().pid() ? "this process (server and load generator)" : "pid " + pid);
        return line;
    }

    private IntFunction<byte[]> requests(URI server) throws IOException {
        if (route.equals("image")) {
            byte[] bytes = Files.readAllBytes(image);
            String type = image.toString().toLowerCase().endsWith(".png") ? "image/png" : "image/jpeg";
            byte[] request = LoadGenerator.post(server, "/v1/embeddings/image", type, bytes, null);
            return i -> request;
        }
        return i -> {
            var body = JsonLines.object();
            var texts = body.putArray("texts");
            for (int t = 0; t < textsPerRequest; t++) {
                texts.add("a photo of object number " + i + (t == 0 ? "" : " and part " + t));
            }
            try {
                return LoadGenerator.post(server, "/v1/embeddings/text", "application/json", JsonLines.JSON.writeValueAsBytes(body), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Sum and count of the batch-size histogram for the route's queue, from {@code /metrics}. */
    private double[] batchStats(URI server) {
        try {
            HttpClient client = HttpClient.newHttpClient();
            String text = client.send(HttpRequest.newBuilder(server.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
            double sum = 0;
            double count = 0;
            String label = "queue=\"" + route + "\"";
            for (String line : text.split("\n")) {
                if (line.startsWith("clip4j_batch_size_sum{") && line.contains(label)) {
                    sum = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith("clip4j_batch_size_count{") && line.contains(label)) {
                    count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return new double[] {sum, count};
        } catch (IOException | RuntimeException e) {
            return new double[] {0, 0};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new double[] {0, 0};
        }
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : v;
    }
}
