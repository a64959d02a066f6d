package io.clip4j.serve;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@link EmbeddingServer} can be told: where it listens, how it batches, and the limits
 * it enforces before any work is queued. Immutable; build one with {@link #builder()}:
 * <pre>{@code ServerSettings.builder().port(0).maxBatch(32).apiKeys(ApiKeys.of("secret")).build()}</pre>
 *
 * @param host                where to listen ({@code 127.0.0.1} by default; {@code 0.0.0.0} for all interfaces)
 * @param port                TCP port; 0 picks a free one
 * @param maxBatch            the most items one encoder call receives
 * @param maxWait             how long a batch waits to fill after its first item
 * @param queueCapacity       the most items waiting per queue (text, image); more answers 429
 * @param requestTimeout      a request still unanswered after this is dropped and answered 503
 * @param maxBodyBytes        the largest request body
 * @param bodyBudgetBytes     the most request-body bytes being received at once by all requests (a
 *                            body reserves its declared length, or {@code maxBodyBytes} when chunked);
 *                            more answers 503 {@code busy} at once
 * @param minUploadBytesPerSecond a client sending its body slower than this is disconnected (408);
 *                            0 turns the check off
 * @param maxItems            the most texts or images in one request
 * @param maxTextChars        the longest text, in UTF-16 characters (CLIP reads 77 tokens anyway)
 * @param maxPixels           the largest image (width × height), read from its header before decoding
 * @param pixelBudget         the most decoded pixels held at once by all requests; more answers 429
 * @param maxLabels           the most labels one {@code /v1/classify} request may name
 * @param maxPrompts          the most prompts (labels × templates) one classifier may need
 * @param classifierCacheSize how many label sets' class vectors are kept
 * @param drainTimeout        how long a shutdown waits for requests in flight
 * @param apiKeys             bearer tokens that may call the API ({@link ApiKeys#none()}: no authentication)
 * @param tls                 TLS certificate and key, or null for plain HTTP
 */
public record ServerSettings(String host, int port, int maxBatch, Duration maxWait, int queueCapacity,
                             Duration requestTimeout, long maxBodyBytes, long bodyBudgetBytes,
                             long minUploadBytesPerSecond, int maxItems, int maxTextChars, long maxPixels,
                             long pixelBudget, int maxLabels, int maxPrompts, int classifierCacheSize,
                             Duration drainTimeout, ApiKeys apiKeys, TlsSettings tls) {

    /** Checks that every limit is positive and that one request always fits the queue. */
    public ServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(apiKeys, "apiKeys");
        check(port >= 0 && port <= 65535, "port must be 0 to 65535, not " + port);
        check(maxBatch >= 1, "max batch must be at least 1, not " + maxBatch);
        check(!maxWait.isNegative(), "max wait must not be negative");
        check(queueCapacity >= 1, "queue capacity must be at least 1, not " + queueCapacity);
        check(maxItems >= 1, "max items must be at least 1, not " + maxItems);
        check(maxItems <= queueCapacity, "max items per request (" + maxItems + ") must not exceed the queue capacity ("
                + queueCapacity + ")");
        check(requestTimeout.toMillis() >= 1, "request timeout must be at least 1 ms");
        check(maxBodyBytes >= 1, "max body size must be positive");
        check(bodyBudgetBytes >= maxBodyBytes, "the body budget (" + bodyBudgetBytes + " bytes) must hold at least one body of "
                + "the max body size (" + maxBodyBytes + " bytes)");
        check(minUploadBytesPerSecond >= 0, "the minimum upload rate must not be negative");
        check(maxTextChars >= 1, "max text length must be positive");
        check(maxPixels >= 1, "max pixels must be positive");
        check(pixelBudget >= maxPixels, "the pixel budget (" + pixelBudget + ") must hold at least one image of max pixels ("
                + maxPixels + ")");
        check(maxLabels >= 1 && maxPrompts >= 1 && classifierCacheSize >= 1, "label, prompt and cache limits must be positive");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.maxBatch = maxBatch;
        b.maxWait = maxWait;
        b.queueCapacity = queueCapacity;
        b.requestTimeout = requestTimeout;
        b.maxBodyBytes = maxBodyBytes;
        b.bodyBudgetBytes = bodyBudgetBytes;
        b.minUploadBytesPerSecond = minUploadBytesPerSecond;
        b.maxItems = maxItems;
        b.maxTextChars = maxTextChars;
        b.maxPixels = maxPixels;
        b.pixelBudget = pixelBudget;
        b.maxLabels = maxLabels;
        b.maxPrompts = maxPrompts;
        b.classifierCacheSize = classifierCacheSize;
        b.drainTimeout = drainTimeout;
        b.apiKeys = apiKeys;
        b.tls = tls;
        return b;
    }

    /** True when a bearer token is required. */
    public boolean authRequired() {
        return !apiKeys.isEmpty();
    }

    /** Builds {@link ServerSettings}; every field starts at its documented default. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private int maxBatch = 64;
        private Duration maxWait = Duration.ofMillis(5);
        private int queueCapacity = 1024;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private long maxBodyBytes = 20L * 1024 * 1024;
        private long bodyBudgetBytes = 256L * 1024 * 1024;
        private long minUploadBytesPerSecond = 1024;
        private int maxItems = 256;
        private int maxTextChars = 10_000;
        private long maxPixels = 40_000_000L;
        private long pixelBudget = 400_000_000L;
        private int maxLabels = 1000;
        private int maxPrompts = 10_000;
        private int classifierCacheSize = 64;
        private Duration drainTimeout = Duration.ofSeconds(30);
        private ApiKeys apiKeys = ApiKeys.none();
        private TlsSettings tls;

        private Builder() {
        }

        /** Default {@code 127.0.0.1}. */
        public Builder host(String v) { host = v; return this; }
        /** Default 8080; 0 picks a free port. */
        public Builder port(int v) { port = v; return this; }
        /** Default 64. */
        public Builder maxBatch(int v) { maxBatch = v; return this; }
        /** Default 5 ms. */
        public Builder maxWait(Duration v) { maxWait = v; return this; }
        /** Default 1024 items per queue. */
        public Builder queueCapacity(int v) { queueCapacity = v; return this; }
        /** Default 30 s. */
        public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
        /** Default 20 MiB. */
        public Builder maxBodyBytes(long v) { maxBodyBytes = v; return this; }
        /** Default 256 MiB of bodies being received at once. */
        public Builder bodyBudgetBytes(long v) { bodyBudgetBytes = v; return this; }
        /** Default 1024 bytes per second; 0 turns the check off. */
        public Builder minUploadBytesPerSecond(long v) { minUploadBytesPerSecond = v; return this; }
        /** Default 256 texts or images per request. */
        public Builder maxItems(int v) { maxItems = v; return this; }
        /** Default 10,000 characters. */
        public Builder maxTextChars(int v) { maxTextChars = v; return this; }
        /** Default 40 megapixels per image. */
        public Builder maxPixels(long v) { maxPixels = v; return this; }
        /** Default 400 megapixels decoded at once (about 1.2 GB of 8-bit BGR). */
        public Builder pixelBudget(long v) { pixelBudget = v; return this; }
        /** Default 1000 labels per classify request. */
        public Builder maxLabels(int v) { maxLabels = v; return this; }
        /** Default 10,000 prompts (labels × templates) per classifier. */
        public Builder maxPrompts(int v) { maxPrompts = v; return this; }
        /** Default 64 label sets. */
        public Builder classifierCacheSize(int v) { classifierCacheSize = v; return this; }
        /** Default 30 s. */
        public Builder drainTimeout(Duration v) { drainTimeout = v; return this; }
        /** Default {@link ApiKeys#none()}. */
        public Builder apiKeys(ApiKeys v) { apiKeys = v; return this; }
        /** Default null (plain HTTP). */
        public Builder tls(TlsSettings v) { tls = v; return this; }

        /** The settings, checked. */
        public ServerSettings build() {
            return new ServerSettings(host, port, maxBatch, maxWait, queueCapacity, requestTimeout, maxBodyBytes,
                    bodyBudgetBytes, minUploadBytesPerSecond, maxItems,
                    maxTextChars, maxPixels, pixelBudget, maxLabels, maxPrompts, classifierCacheSize, drainTimeout,
                    apiKeys, tls);
        }
    }
}
