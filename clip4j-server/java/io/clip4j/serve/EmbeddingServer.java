package io.clip4j.serve;

import io.clip4j.batch.RejectedException;

import io.clip4j.ClipException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

import io.clip4j.ClipModel;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CLIP embedding server: Javalin on Jetty 12, one {@link EmbeddingService} behind it.
 *
 * <pre>{@code
 * try (ClipModel clip = ClipModel.load(dir);
 *      EmbeddingServer server = EmbeddingServer.start(clip, ServerSettings.builder().port(8080).build())) {
 *     server.awaitShutdown();
 * }
 * }</pre>
 *
 * <p>Routes: {@code POST /v1/embeddings/text}, {@code POST /v1/embeddings/image},
 * {@code POST /v1/classify}, {@code GET /v1/model}, {@code GET /health}, {@code GET /metrics},
 * {@code GET /openapi.json} (see {@link OpenApiDocument}). {@code /health} and
 * {@code /openapi.json} stay open when API keys are set; everything else needs
 * {@code Authorization: Bearer KEY}.
 *
 * <p>The server can start before its model is loaded ({@link #start(ServerSettings)}, then
 * {@link #attach}): until then {@code /health} and the model routes answer 503 {@code loading}.
 *
 * <p>{@link #shutdown()} is graceful: the listening socket closes, requests arriving on open
 * connections get 503, requests in flight finish (their queued items still run, batches no longer
 * wait to fill), for up to {@link ServerSettings#drainTimeout()}; then the batchers stop. The
 * server never closes the model: its owner does, after the server.
 */
public final class EmbeddingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingServer.class);
    private static final Set<String> OPEN_PATHS = Set.of("/health", "/openapi.json");
    private static final Map<String, String> ROUTES = Map.ofEntries(Map.entry("/v1/embeddings/text", "POST"),
            Map.entry("/v1/embeddings/image", "POST"), Map.entry("/v1/classify", "POST"), Map.entry("/v1/search", "POST"),
            Map.entry("/v1/moderate", "POST"), Map.entry("/v1/model", "GET"), Map.entry(OpenAiRoutes.EMBEDDINGS, "POST"),
            Map.entry(OpenAiRoutes.MODELS, "GET"), Map.entry("/health", "GET"), Map.entry("/metrics", "GET"),
            Map.entry("/openapi.json", "GET"));

    private final ServerSettings settings;
    private final ServerMetrics metrics = new ServerMetrics();
    private final ClientWatch clients = new ClientWatch();
    private final ScheduledExecutorService timers =
            timers();
    private final ServiceFactory services;
    private final Javalin app;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile EmbeddingService service;
    private final SearchRoutes searchRoutes;
    private final OpenAiRoutes openAiRoutes;

    /** Makes the service for a model (tests swap in slow or counting encoders). */
    @FunctionalInterface
    interface ServiceFactory {
        EmbeddingService create(ClipModel model, ServerSettings settings, ServerMetrics metrics);
    }

    private EmbeddingServer(ServerSettings settings, ServiceFactory services) {
        this.settings = settings;
        this.services = services;
        AsyncReplies replies = new AsyncReplies(clients, timers, settings.requestTimeout());
        BodyReader bodies = new BodyReader(settings);
        ApiRoutes routes = new ApiRoutes(settings, bodies, this::requireService, replies);
        this.searchRoutes = new SearchRoutes(settings, bodies, this::requireService, replies);
        this.openAiRoutes = new OpenAiRoutes(settings, bodies, this::requireService, replies);
        this.app = Javalin.create(config -> configure(config, routes));
    }

    /**
     * Starts listening before any model is attached: {@code /health} says 503 {@code loading}
     * until {@link #attach} runs.
     *
     * @throws io.javalin.util.JavalinException if the port cannot be bound
     */
    public static EmbeddingServer start(ServerSettings settings) {
        return start(settings, EmbeddingService::new);
    }

    /** Starts and attaches {@code model} at once. */
    public static EmbeddingServer start(ClipModel model, ServerSettings settings) {
        EmbeddingServer server = start(settings);
        server.attach(model);
        return server;
    }

    static EmbeddingServer start(ServerSettings settings, ServiceFactory services) {
        checkLocalAddress(settings.host());
        EmbeddingServer server = new EmbeddingServer(settings, services);
        try {
            server.app.start();
        } catch (RuntimeException e) {
            server.releaseHelpers();
            throw e;
        }
        return server;
    }

    /**
     * Refuses a host that is not an address of this machine: binding to it fails, and Jetty's
     * message for that ("Port already in use") sent users looking for another process.
     */
    private static void checkLocalAddress(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ClipException("--host " + host + " is not a known host name or address");
        }
        try {
            if (!address.isAnyLocalAddress() && !address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw new ClipException("--host " + host + " is not an address of this machine; use 127.0.0.1 (this machine"
                        + " only), 0.0.0.0 (every interface) or one of its own addresses");
            }
        } catch (SocketException e) {
            // the interfaces cannot be listed: let the bind itself decide
        }
    }

    /**
     * Serves {@code model} from now on ({@code /health} turns ready). Once only.
     *
     * @throws IllegalStateException if a model is already attached or the server is stopping
     */
    public synchronized void attach(ClipModel model) {
        if (service != null || stopping.get()) {
            throw new IllegalStateException(service != null ? "a model is already attached" : "the server is stopping");
        }
        service = services.create(model, settings, metrics);
    }

    /**
     * Answers {@code POST /v1/search} from {@code index}, Lucene or pgvector (which must have been built with the
     * attached model; check with {@code ImageSearch}). The caller keeps ownership and closes it
     * after the server.
     */
    public void useIndex(io.clip4j.index.VectorStore index) {
        searchRoutes.useIndex(index);
    }

    /** Answers {@code POST /v1/moderate} with {@code moderator}; the caller closes it after the server. */
    public void useModerator(io.clip4j.moderation.Moderator moderator) {
        searchRoutes.useModerator(moderator);
    }

    /** The port listened on (the real one when the settings said 0). */
    public int port() {
        return app.port();
    }

    /** {@code http://HOST:PORT} or {@code https://HOST:PORT}. */
    public String url() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return (settings.tls() != null ? "https" : "http") + "://" + host + ":" + port();
    }

    /** The settings the server runs with. */
    public ServerSettings settings() {
        return settings;
    }

    /** True once a model is attached and the server is not stopping. */
    public boolean isReady() {
        return service != null && !stopping.get();
    }

    /**
     * Stops gracefully (see the class comment) and returns when the server is down. Idempotent;
     * a second caller waits for the first.
     */
    public void shutdown() {
        if (!stopping.compareAndSet(false, true)) {
            awaitShutdown();
            return;
        }
        try {
            EmbeddingService s = service;
            LOG.info("shutting down: closing the listener, finishing requests in flight (up to {} s)",
                    settings.drainTimeout().toSeconds());
            if (s != null) {
                s.shutdown(); // queued work runs at once, without waiting for batches to fill
            }
            app.stop(); // Jetty waits for requests in flight (GracefulHandler, stop timeout = drain timeout)
            if (s != null) {
                s.close(Duration.ofSeconds(5)); // queues are empty unless the drain timed out: then drop
            }
        } catch (RuntimeException e) {
            LOG.warn("shutdown did not finish cleanly", e);
        } finally {
            releaseHelpers();
            stopped.countDown();
        }
    }

    /** Waits until {@link #shutdown()} has finished. */
    public void awaitShutdown() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }

    /** The Prometheus text the {@code /metrics} route serves. */
    String scrapeMetrics() {
        return metrics.scrape();
    }

    EmbeddingService service() {
        return service;
    }

    /** One timer thread; a cancelled timeout leaves its queue at once (thousands per second under load). */
    private static ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, EmbeddingService.daemonThreads("clip4j-timeout"));
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    private void releaseHelpers() {
        clients.close();
        timers.shutdownNow();
        searchRoutes.close();
        metrics.close();
    }

    private EmbeddingService requireService() {
        EmbeddingService s = service;
        if (s == null) {
            throw ApiException.unavailable("loading", "the model is still loading; retry shortly", 2);
        }
        return s;
    }

    private void configure(JavalinConfig config, ApiRoutes routes) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.prefer405over404 = true;
        config.http.maxRequestSize = settings.maxBodyBytes();
        config.http.asyncTimeout = 0; // AsyncReplies enforces the request timeout
        // A request blocked reading a slow client's body parks a virtual thread instead of holding
        // one of a fixed pool's threads: hundreds of slow uploads froze /health with the pool.
        config.concurrency.useVirtualThreads = true;
        config.jetty.modifyServer(server -> {
            server.insertHandler(new GracefulHandler());
            server.setStopTimeout(settings.drainTimeout().toMillis());
            server.setErrorHandler(new JsonErrorHandler());
        });
        config.jetty.addConnector(this::connector);

        config.routes.before(this::authenticate);
        config.routes.post("/v1/embeddings/text", routes::embedText);
        config.routes.post("/v1/embeddings/image", routes::embedImage);
        config.routes.post("/v1/classify", routes::classify);
        config.routes.post("/v1/search", searchRoutes::search);
        config.routes.post("/v1/moderate", searchRoutes::moderate);
        config.routes.get("/v1/model", routes::model);
        config.routes.post(OpenAiRoutes.EMBEDDINGS, openAiRoutes::embeddings);
        config.routes.get(OpenAiRoutes.MODELS, openAiRoutes::models);
        config.routes.get("/health", this::health);
        config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        config.routes.get("/openapi.json", ctx -> ctx.contentType(Responses.JSON).result(OpenApiDocument.JSON));

        config.routes.exception(ApiException.class, (e, ctx) -> Responses.error(ctx, e));
        config.routes.exception(RejectedException.class, (e, ctx) -> Responses.error(ctx, Errors.toApi(e, 0)));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> Responses.error(ctx,
                new ApiException(e.getStatus(), "http_" + e.getStatus(), e.getMessage() == null ? "" : e.getMessage())));
        config.routes.exception(Exception.class, (e, ctx) -> Responses.error(ctx, Errors.toApi(e, 0)));
        config.routes.error(404, ctx -> {
            if (!ROUTES.containsKey(ctx.path())) { // a route's own 404 (e.g. no_index) keeps its body
                Responses.error(ctx, new ApiException(404, "not_found",
                        "no route " + ctx.method() + " " + clip(ctx.path()) + "; see /openapi.json"));
            }
        });
        config.routes.error(405, ctx -> Responses.error(ctx, new ApiException(405, "method_not_allowed",
                ctx.method() + " is not allowed on " + clip(ctx.path()) + "; use " + ROUTES.getOrDefault(ctx.path(), "another method"),
                ROUTES.containsKey(ctx.path()) ? Map.of("Allow", ROUTES.get(ctx.path())) : Map.of())));
        config.requestLogger.http((ctx, millis) -> metrics.http(route(ctx), ServerMetrics.methodLabel(ctx.method().name()), ctx.statusCode(), millis));
    }

    private ServerConnector connector(Server server, HttpConfiguration http) {
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // a client trickling its body is cut off when its next bytes arrive too late (408)
        http.setMinRequestDataRate(settings.minUploadBytesPerSecond());
        ServerConnector connector;
        if (settings.tls() != null) {
            http.addCustomizer(new SecureRequestCustomizer());
            connector = new ServerConnector(server, new SslConnectionFactory(PemKeyStore.sslContextFactory(settings.tls()), "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        // a request waiting in a queue sends nothing: the idle timeout must outlast the request timeout
        connector.setIdleTimeout(Math.max(30_000, settings.requestTimeout().toMillis() + 5_000));
        return connector;
    }

    private void authenticate(Context ctx) {
        if (!settings.authRequired() || OPEN_PATHS.contains(ctx.path())) {
            return;
        }
        if (!settings.apiKeys().acceptsHeader(ctx.header("Authorization"))) {
            throw ApiException.unauthorized(ctx.header("Authorization") == null
                    ? "this server needs an API key: send 'Authorization: Bearer KEY'"
                    : "the API key is not valid");
        }
    }

    private void health(Context ctx) {
        if (isReady()) {
            // the embedding routes are ready either way; a store that is down is reported, not hidden
            String store = searchRoutes.storeStatus();
            Responses.json(ctx, 200, store == null ? Map.of("status", "ready") : Map.of("status", "ready", "store", store));
        } else {
            ctx.header("Retry-After", "2");
            Responses.json(ctx, 503, Map.of("status", stopping.get() ? "stopping" : "loading"));
        }
    }

    private static String route(Context ctx) {
        String path = ctx.path();
        return ROUTES.containsKey(path) ? path : "other";
    }

    private static String clip(String path) {
        String p = path.replaceAll("\\p{Cntrl}", "?");
        return p.length() > 100 ? p.substring(0, 100) + "…" : p;
    }
}
