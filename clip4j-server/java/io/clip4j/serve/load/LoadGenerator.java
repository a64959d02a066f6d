package io.clip4j.serve.load;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * Closed-loop load: {@code connections} threads, each with one keep-alive connection, send
 * requests back to back for {@code warmup + duration}; only answers that arrive in the measured
 * window count. Requests are prepared up front ({@link #post}), so generating load costs little
 * CPU. Plain HTTP only.
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    /**
     * A complete HTTP/1.1 POST.
     *
     * @param bearer an API key to send as {@code Authorization: Bearer}, or null
     */
    public static byte[] post(URI server, String path, String contentType, byte[] body, String bearer) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort()
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
                + (bearer == null ? "" : "\r\nAuthorization: Bearer " + bearer) + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /**
     * Runs the load.
     *
     * @param server      {@code http://host:port}
     * @param requests    the request connection {@code i} sends (prepared with {@link #post})
     * @param connections concurrent connections
     * @param warmup      time before measuring
     * @param duration    measured time
     */
    public static LoadResult run(URI server, IntFunction<byte[]> requests, int connections, Duration warmup, Duration duration)
            throws InterruptedException {
        if (!"http".equals(server.getScheme())) {
            throw new IllegalArgumentException("the load generator speaks plain HTTP only, not " + server.getScheme());
        }
        InetSocketAddress address = new InetSocketAddress(server.getHost(), server.getPort());
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + duration.toNanos();
        AtomicBoolean stop = new AtomicBoolean();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Worker w = new Worker(address, requests.apply(i), measureFrom, measureTo, stop);
            w.thread = new Thread(w, "load-" + i);
            w.thread.setDaemon(true);
            workers.add(w);
        }
        workers.forEach(w -> w.thread.start());
        long sleep = measureTo - System.nanoTime();
        if (sleep > 0) {
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
        stop.set(true);
        for (Worker w : workers) {
            w.thread.join(130_000);
        }
        long ok = 0;
        long rejected = 0;
        long failed = 0;
        int n = 0;
        for (Worker w : workers) {
            ok += w.ok;
            rejected += w.rejected;
            failed += w.failed;
            n += w.count;
        }
        long[] all = new long[n];
        int at = 0;
        for (Worker w : workers) {
            System.arraycopy(w.latencies, 0, all, at, w.count);
            at += w.count;
        }
        Arrays.sort(all);
        double seconds = duration.toNanos() / 1e9;
        return new LoadResult(connections, seconds, ok + rejected + failed, ok, rejected, failed, ok / seconds,
                percentile(all, 0.50), percentile(all, 0.90), percentile(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** One connection's loop. */
    private static final class Worker implements Runnable {
        final InetSocketAddress address;
        final byte[] request;
        final long from;
        final long to;
        final AtomicBoolean stop;
        Thread thread;
        long[] latencies = new long[1024];
        int count;
        long ok;
        long rejected;
        long failed;

        Worker(InetSocketAddress address, byte[] request, long from, long to, AtomicBoolean stop) {
            this.address = address;
            this.request = request;
            this.from = from;
            this.to = to;
            this.stop = stop;
        }

        @Override
        public void run() {
            try (RawHttpConnection connection = new RawHttpConnection(address)) {
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = connection.exchange(request);
                    } catch (java.io.IOException e) {
                        status = -1;
                    }
                    long t1 = System.nanoTime();
                    if (t0 < from || t1 > to) {
                        continue; // warm-up, or past the end
                    }
                    if (status == 200) {
                        ok++;
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = t1 - t0;
                    } else if (status == 429) {
                        rejected++;
                    } else {
                        failed++;
                        if (status < 0) {
                            sleepQuietly(); // a refused connection must not spin
                        }
                    }
                }
            }
        }

        private static void sleepQuietly() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
