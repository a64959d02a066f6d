package io.clip4j.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code clip4j_process_resident_bytes} is what its name and ps say: the resident set size. */
class ResidentMemoryMetricTest {
    @Test
    void residentBytesAgreeWithPs() throws Exception {
        Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(ProcessHandle.current().pid())).start();
        long psBytes = Long.parseLong(new String(ps.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip()) * 1024;
        long metric = ServerMetrics.residentBytes();
        // sampled a moment apart: allow a few percent of drift, far less than the shared pages it once left out
        assertTrue(Math.abs(metric - psBytes) < psBytes * 0.05, "metric " + metric + " bytes, ps " + psBytes + " bytes");
    }
}
