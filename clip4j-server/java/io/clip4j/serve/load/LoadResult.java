package io.clip4j.serve.load;

/**
 * What a load run measured. Latencies cover the successful (200) requests after the warm-up.
 *
 * @param connections       concurrent connections (each one request at a time)
 * @param seconds           measured duration
 * @param requests          answers received in that time
 * @param ok                answers with status 200
 * @param rejected          answers with status 429 (the server's deliberate backpressure)
 * @param failed            other statuses and connection errors
 * @param requestsPerSecond answers with status 200 per second
 * @param p50Ms             median latency
 * @param p90Ms             90th percentile
 * @param p99Ms             99th percentile
 * @param maxMs             slowest
 */
public record LoadResult(int connections, double seconds, long requests, long ok, long rejected, long failed,
                         double requestsPerSecond, double p50Ms, double p90Ms, double p99Ms, double maxMs) {
}
