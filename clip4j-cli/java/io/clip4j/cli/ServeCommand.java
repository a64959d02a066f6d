package io.clip4j.cli;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.serve.ApiKeys;
import io.clip4j.serve.CpuThreads;
import io.clip4j.serve.EmbeddingServer;
import io.clip4j.serve.ServerSettings;
import io.clip4j.serve.TlsSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clip4j serve}: the embedding server with dynamic batching. Listens first (so that
 * {@code /health} answers 503 while the model loads), then loads the model and serves until
 * SIGTERM or Ctrl-C, when it stops accepting, finishes the requests in flight and exits.
 * Prints {@code {"listening": URL}} and then {@code {"ready": true, ...}} on stdout.
 */
@Command(name = "serve", description = "Serve text/image embeddings and zero-shot classification over HTTP, batching concurrent requests.")
public final class ServeCommand implements Callable<Integer> {
    /** Environment variable with comma-separated API keys (added to --api-keys). */
    public static final String KEYS_VARIABLE = "CLIP4J_API_KEYS";
    /** Environment variable with the PKCS#12 key store's password. */
    public static final String KEYSTORE_PASSWORD_VARIABLE = "CLIP4J_TLS_KEYSTORE_PASSWORD";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    /** Answer POST /v1/search from this index (built with the same model): --index DIR or --store JDBC_URL. */
    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "0..1")
    IndexLocation searchIndex;

    @Option(names = "--policy", paramLabel = "POLICY.json",
            description = "Moderation policy for POST /v1/moderate (default: the built-in, uncalibrated one).")
    java.nio.file.Path policy;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "Address to listen on; 0.0.0.0 for all interfaces (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max-batch", defaultValue = "64", paramLabel = "N", description = "Most items per encoder call (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-wait-ms", defaultValue = "5", paramLabel = "MS",
            description = "How long a batch waits to fill after its first item (default: ${DEFAULT-VALUE}).")
    long maxWaitMs;

    @Option(names = "--queue", defaultValue = "1024", paramLabel = "N",
            description = "Most items waiting per queue (text, image); beyond it requests get 429 (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--timeout-ms", defaultValue = "30000", paramLabel = "MS",
            description = "Requests unanswered after this are dropped and get 503 (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--max-body-mb", defaultValue = "20", paramLabel = "MB", description = "Largest request body in MiB (default: ${DEFAULT-VALUE}).")
    long maxBodyMb;

    @Option(names = "--body-budget-mb", defaultValue = "256", paramLabel = "MB",
            description = "Most MiB of request bodies received at once by all clients; beyond it requests get 503 busy"
                    + " before their body is read (default: ${DEFAULT-VALUE}).")
    long bodyBudgetMb;

    @Option(names = "--min-upload-rate", defaultValue = "1024", paramLabel = "BYTES_PER_S",
            description = "Clients sending a body slower than this are disconnected (408); 0 turns it off (default: ${DEFAULT-VALUE}).")
    long minUploadRate;

    @Option(names = "--max-items", defaultValue = "256", paramLabel = "N",
            description = "Most texts or images per request (default: ${DEFAULT-VALUE}).")
    int maxItems;

    @Option(names = "--max-pixels", defaultValue = "40000000", paramLabel = "N",
            description = "Largest image (width x height), checked from its header before decoding (default: ${DEFAULT-VALUE}).")
    long maxPixels;

    @Option(names = "--pixel-budget", defaultValue = "400000000", paramLabel = "N",
            description = "Most decoded pixels held by all requests at once; beyond it 429 (default: ${DEFAULT-VALUE}).")
    long pixelBudget;

    @Option(names = "--max-labels", defaultValue = "1000", paramLabel = "N", description = "Most labels per classify request (default: ${DEFAULT-VALUE}).")
    int maxLabels;

    @Option(names = "--max-prompts", defaultValue = "10000", paramLabel = "N",
            description = "Most prompts (labels x templates) per label set (default: ${DEFAULT-VALUE}).")
    int maxPrompts;

    @Option(names = "--drain-seconds", defaultValue = "30", paramLabel = "S",
            description = "On SIGTERM, how long to wait for requests in flight (default: ${DEFAULT-VALUE}).")
    long drainSeconds;

    @Option(names = "--blas-threads", defaultValue = "-1", paramLabel = "N",
            description = "OpenBLAS threads on the CPU (default: 1, or $OPENBLAS_NUM_THREADS when set; 0 keeps OpenBLAS's own default).")
    int blasThreads;

    @Option(names = "--api-keys", paramLabel = "FILE",
            description = "File of bearer tokens, one per line; also read from $" + KEYS_VARIABLE + ". Without either, no authentication.")
    Path apiKeys;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "TLS certificate chain (PEM, leaf first); needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS private key (unencrypted PKCS#8 PEM).")
    Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "P12",
            description = "TLS key store (PKCS#12) instead of PEM files; password from $" + KEYSTORE_PASSWORD_VARIABLE + ".")
    Path tlsKeyStore;

    @Override
    public Integer call() {
        OptionChecks.atLeast(spec, "--drain-seconds", drainSeconds, 0);
        OptionChecks.atLeast(spec, "--max-batch", maxBatch, 1);
        OptionChecks.atLeast(spec, "--queue", queue, 1);
        OptionChecks.atLeast(spec, "--timeout-ms", timeoutMs, 1);
        OptionChecks.atLeast(spec, "--max-body-mb", maxBodyMb, 1);
        OptionChecks.atLeast(spec, "--body-budget-mb", bodyBudgetMb, maxBodyMb);
        OptionChecks.atLeast(spec, "--min-upload-rate", minUploadRate, 0);
        quietLibraryLogs();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerSettings settings = settings();
        if (!settings.authRequired() && !isLoopback(settings.host())) {
            err.println("clip4j serve: warning: listening on " + settings.host() + " without API keys: anyone who can reach"
                    + " this port can use the server; set --api-keys FILE or $" + KEYS_VARIABLE);
        }
        String threads = CpuThreads.apply(modelOptions.device, blasThreads);
        EmbeddingServer server = EmbeddingServer.start(settings);
        err.println("clip4j serve: listening on " + server.url() + (settings.authRequired() ? " (API keys required)" : "")
                + "; loading " + modelOptions.model.getFileName() + " ...");
        JsonLines.print(out, JsonLines.object().put("listening", server.url()));
        LoadedModel model = new LoadedModel();
        Thread hook = new Thread(() -> {
            server.shutdown(); // stop accepting, finish requests in flight, stop the batchers
            model.close();
        }, "clip4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            // a coalesced batch is one encoder call: --batch-size (the encoder's chunk) is at least --max-batch
            modelOptions.batchSize = Math.max(modelOptions.batchSize, maxBatch);
            if (!model.set(modelOptions.load())) {
                return 0; // SIGTERM arrived while loading: the hook has stopped the server
            }
            ClipModel clip = model.get();
            if (searchIndex != null) {
                io.clip4j.index.VectorStore vectors = model.keep(io.clip4j.index.VectorStores.open(
                        searchIndex.location(spec.commandLine()), modelOptions.device));
                new io.clip4j.index.ImageSearch(clip, vectors); // refuses an index built with another model
                server.useIndex(vectors);
            }
            server.useModerator(model.keep(io.clip4j.moderation.Moderator.create(clip, policy == null
                    ? io.clip4j.moderation.DefaultPolicy.load() : io.clip4j.moderation.PolicyReader.read(policy))));
            server.attach(clip);
        } catch (RuntimeException e) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                server.awaitShutdown();
                return 0;
            }
            server.shutdown();
            model.close();
            throw e;
        }
        err.println("clip4j serve: ready (" + modelOptions.device + " " + modelOptions.dtype + ", max batch " + maxBatch
                + ", max wait " + maxWaitMs + " ms, queue " + queue + "; " + threads + ")");
        JsonLines.print(out, JsonLines.object().put("ready", true).put("url", server.url())
                .put("device", modelOptions.device).put("dtype", modelOptions.dtype).put("max_batch", maxBatch));
        server.awaitShutdown(); // the shutdown hook drains and stops the server
        return 0;
    }

    /**
     * The model once loaded, and what was opened with it (index, moderator); closed once, by
     * whoever comes last (the shutdown hook, or a failed start), the extras before the model.
     */
    private static final class LoadedModel {
        private ClipModel model;
        private final java.util.Deque<AutoCloseable> extras = new java.util.ArrayDeque<>();
        private boolean closed;

        /** Closes {@code resource} with the model. */
        synchronized <T extends AutoCloseable> T keep(T resource) {
            extras.push(resource);
            return resource;
        }

        /** Keeps {@code loaded}; false (and closes it) if the process is already shutting down. */
        synchronized boolean set(ClipModel loaded) {
            if (closed) {
                loaded.close();
                return false;
            }
            model = loaded;
            return true;
        }

        synchronized ClipModel get() {
            return model;
        }

        synchronized void close() {
            closed = true;
            while (!extras.isEmpty()) {
                try {
                    extras.pop().close();
                } catch (Exception e) {
                    // closing on the way out: nothing more to do with it
                }
            }
            if (model != null) {
                model.close();
            }
        }
    }

    /** Jetty's and Javalin's start-up chatter off (warnings stay); the server's own lines stay at info. */
    static void quietLibraryLogs() {
        for (String logger : new String[] {"org.eclipse.jetty", "io.javalin"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    private ServerSettings settings() {
        try {
            return settingsUnchecked();
        } catch (IllegalArgumentException e) {
            throw new ClipException(e.getMessage(), e);
        }
    }

    private ServerSettings settingsUnchecked() {
        return ServerSettings.builder().host(host).port(port).maxBatch(maxBatch).maxWait(Duration.ofMillis(maxWaitMs))
                .queueCapacity(queue).requestTimeout(Duration.ofMillis(timeoutMs)).maxBodyBytes(maxBodyMb * 1024 * 1024)
                .bodyBudgetBytes(bodyBudgetMb * 1024 * 1024).minUploadBytesPerSecond(minUploadRate)
                .maxItems(maxItems).maxPixels(maxPixels).pixelBudget(pixelBudget).maxLabels(maxLabels).maxPrompts(maxPrompts)
                .drainTimeout(Duration.ofSeconds(drainSeconds)).apiKeys(keys()).tls(tls()).build();
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private ApiKeys keys() {
        ApiKeys keys = apiKeys == null ? ApiKeys.none() : ApiKeys.read(apiKeys);
        String fromEnvironment = System.getenv(KEYS_VARIABLE);
        if (fromEnvironment != null) {
            // set but empty is a mistake (an unset secret in a deployment), not a wish for no authentication
            keys = keys.plus(ApiKeys.parse(fromEnvironment, "$" + KEYS_VARIABLE));
        }
        return keys;
    }

    private TlsSettings tls() {
        if (tlsKeyStore != null) {
            if (tlsCert != null || tlsKey != null) {
                throw new ClipException("give either --tls-keystore or --tls-cert with --tls-key, not both");
            }
            return TlsSettings.pkcs12(tlsKeyStore, System.getenv(KEYSTORE_PASSWORD_VARIABLE));
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ClipException("--tls-cert and --tls-key go together");
        }
        return tlsCert == null ? null : TlsSettings.pem(tlsCert, tlsKey);
    }
}
