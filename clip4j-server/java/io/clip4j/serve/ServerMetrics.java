package io.clip4j.serve;

import io.clip4j.batch.BatchListener;
import io.clip4j.batch.DropReason;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bytedeco.javacpp.Pointer;

/**
 * The server's Prometheus metrics (Micrometer), served as text at {@code /metrics}:
 * <ul>
 *   <li>{@code clip4j_http_requests_total{route,method,status}} and the latency histogram
 *       {@code clip4j_http_request_duration_seconds_bucket{route}};</li>
 *   <li>{@code clip4j_batch_size_bucket{queue}} (items per encoder call),
 *       {@code clip4j_batch_duration_seconds{queue}}, {@code clip4j_queue_depth{queue}},
 *       {@code clip4j_items_dropped_total{queue,reason}} (timeout, client_gone, shutdown),
 *       {@code clip4j_items_rejected_total{queue}} (answered 429);</li>
 *   <li>memory: {@code clip4j_process_resident_bytes}, {@code clip4j_native_tracked_bytes}
 *       (JavaCPP), {@code clip4j_decoded_pixels}, on CUDA
 *       {@code clip4j_device_memory_allocated_bytes} / {@code _reserved_bytes}; and the JVM's own.</li>
 * </ul>
 * Routes are labelled by their pattern (unknown paths as {@code other}) and methods by the
 * standard HTTP methods (invented ones as {@code other}), so a client cannot make the label set grow.
 */
final class ServerMetrics {
    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("clip4j.process.resident", ServerMetrics::residentBytes).baseUnit("bytes")
                .description("resident memory of the process (RSS, as ps shows it)").register(registry);
        Gauge.builder("clip4j.native.tracked", Pointer::totalBytes).baseUnit("bytes")
                .description("native memory held by JavaCPP pointers (tensors, images)").register(registry);
    }

    private static final java.util.Set<String> METHODS = java.util.Set.of(
            "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    /** The metric label of a request method: the method if it is a standard one, else {@code other}. */
    static String methodLabel(String method) {
        return METHODS.contains(method) ? method : "other";
    }

    /**
     * The resident set size, {@code VmRSS} of {@code /proc/self/status}: file-backed and shared
     * pages included, as {@code ps} counts them. JavaCPP's {@code physicalBytes()} leaves those out
     * (it read 454 MB where ps showed 561 MB); it stays the fallback where /proc is missing.
     */
    static long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024; // "VmRSS:   123456 kB"
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return Pointer.physicalBytes();
    }

    /** Records one finished HTTP request. */
    void http(String route, String method, int status, double millis) {
        Counter.builder("clip4j.http.requests").description("HTTP requests by route, method and status")
                .tags("route", route, "method", method, "status", Integer.toString(status)).register(registry).increment();
        Timer.builder("clip4j.http.request.duration").description("HTTP request latency")
                .tags("route", route).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry)
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    /** A gauge of the items waiting in {@code queue}. */
    void queueDepth(String queue, Supplier<Number> depth) {
        Gauge.builder("clip4j.queue.depth", depth).tags("queue", queue).description("items waiting to be batched")
                .register(registry);
    }

    /** A gauge of any value. */
    void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** The listener a {@link Batcher} for {@code queue} reports to. */
    BatchListener batches(String queue) {
        DistributionSummary size = DistributionSummary.builder("clip4j.batch.size").tags("queue", queue)
                .description("items per encoder call").serviceLevelObjectives(BATCH_BUCKETS).register(registry);
        Timer duration = Timer.builder("clip4j.batch.duration").tags("queue", queue).description("encoder call time")
                .register(registry);
        Counter rejected = Counter.builder("clip4j.items.rejected").tags("queue", queue)
                .description("items refused with 429 because the queue was full").register(registry);
        return new BatchListener() {
            @Override
            public void batch(int items, long nanos) {
                size.record(items);
                duration.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void dropped(DropReason reason, int items) {
                Counter.builder("clip4j.items.dropped").tags("queue", queue, "reason", reason.label())
                        .description("queued items given up before encoding").register(registry).increment(items);
            }

            @Override
            public void rejected(int items) {
                rejected.increment(items);
            }
        };
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }

    /** The registry, for callers adding their own meters. */
    PrometheusMeterRegistry registry() {
        return registry;
    }

    void close() {
        registry.close();
    }
}
