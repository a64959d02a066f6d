package io.clip4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that attack the server rather than use it, with real sockets: slow uploads that hold
 * connections open, and requests with invented method names. The server must keep answering
 * {@code /health} and the text route, and its metrics must not grow with what clients invent.
 */
class HostileClientsTest {
    private static ClipModel model;

    @BeforeAll
    static void load() {
        model = ClipModel.load(Fixtures.TINY_CLIP);
    }

    @AfterAll
    static void unload() {
        model.close();
    }

    /** A connection that sent headers promising a 1 MB body and then one byte of it. */
    private static Socket slowUpload(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/embeddings/text HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static int port(String base) {
        return URI.create(base).getPort();
    }

    @Test
    void slowUploadsDoNotFreezeHealthOrTheTextRoute() throws Exception {
        try (ServerFixture f = ServerFixture.start(model, ServerFixture.settings())) {
            List<Socket> attackers = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    attackers.add(slowUpload(port(f.base)));
                }
                Thread.sleep(500); // every upload is now being read, or refused
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(f.base + "/health"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode(), health.body());
                HttpResponse<String> text = client.send(HttpRequest.newBuilder(URI.create(f.base + "/v1/embeddings/text"))
                        .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"texts\": [\"a cat\"]}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, text.statusCode(), text.body());
            } finally {
                for (Socket s : attackers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aClientTricklingItsBodyIsCutOff() throws Exception {
        try (ServerFixture f = ServerFixture.start(model, ServerFixture.settings().minUploadBytesPerSecond(4096));
             Socket socket = slowUpload(port(f.base))) {
            socket.setSoTimeout(200);
            long start = System.nanoTime();
            String answer = "";
            while (System.nanoTime() - start < 15_000_000_000L) {
                socket.getOutputStream().write(' '); // a byte every 200 ms: 5 bytes/s
                try {
                    byte[] got = socket.getInputStream().readNBytes(12);
                    answer = new String(got, StandardCharsets.US_ASCII);
                    break;
                } catch (java.net.SocketTimeoutException stillWaiting) {
                    // not answered yet
                } catch (IOException closed) {
                    answer = "closed";
                    break;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(answer.startsWith("HTTP/1.1 408") || answer.equals("closed"),
                    "answer '" + answer + "' after " + seconds + " s");
            assertTrue(seconds < 10, "cut off after " + seconds + " s");
        }
    }

    @Test
    void bodiesBeyondTheBudgetAreRefusedBeforeTheyAreRead() throws Exception {
        long mib = 1024 * 1024;
        String padded = "{\"texts\": [\"a cat\"]" + " ".repeat(100_000) + "}";
        try (ServerFixture f = ServerFixture.start(model, ServerFixture.settings().maxBodyBytes(mib).bodyBudgetBytes(mib))) {
            // a slow upload declaring 1,000,000 bytes holds most of the 1 MiB budget ...
            try (Socket slow = slowUpload(port(f.base))) {
                Thread.sleep(300);
                // ... so a 100 kB body does not fit now: 503 busy at once, with Retry-After, unread
                HttpResponse<String> refused = f.postJson("/v1/embeddings/text", padded);
                assertEquals(503, refused.statusCode(), refused.body());
                assertEquals("busy", ServerFixture.json(refused).get("error").asText(), refused.body());
                assertTrue(refused.headers().firstValue("Retry-After").isPresent());
                assertEquals(200, f.postJson("/v1/embeddings/text", Map.of("texts", List.of("a cat"))).statusCode(),
                        "a small body still fits");
                assertEquals(200, f.get("/health").statusCode(), "bodiless requests are not held up");
            }
            Thread.sleep(300); // the upload's reservation is returned when its read fails
            HttpResponse<String> after = f.postJson("/v1/embeddings/text", padded);
            assertEquals(200, after.statusCode(), after.body());
        }
    }

    @Test
    void inventedMethodNamesDoNotAddMetricSeries() throws Exception {
        try (ServerFixture f = ServerFixture.start(model, ServerFixture.settings().apiKeys(ApiKeys.of("secret-key-0123456789")))) {
            Random random = new Random(5);
            for (int i = 0; i < 200; i++) {
                StringBuilder method = new StringBuilder();
                for (int c = 0; c < 12; c++) {
                    method.append((char) ('A' + random.nextInt(26)));
                }
                try (Socket socket = new Socket("127.0.0.1", port(f.base))) {
                    socket.setSoTimeout(5_000);
                    socket.getOutputStream().write((method + " /v1/embeddings/text HTTP/1.1\r\nHost: localhost\r\n"
                            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    socket.getInputStream().readAllBytes();
                }
            }
            String scrape = f.get("/metrics", "Authorization", "Bearer secret-key-0123456789").body();
            Set<String> methods = new TreeSet<>();
            Matcher m = Pattern.compile("clip4j_http_requests_total\\{[^}]*method=\"([^\"]*)\"").matcher(scrape);
            while (m.find()) {
                methods.add(m.group(1));
            }
            assertTrue(Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT", "other")
                    .containsAll(methods), "method labels: " + methods);
            assertTrue(methods.contains("other"), "invented methods are counted as other: " + methods);
            assertTrue(scrape.length() < 200_000, "metrics grew to " + scrape.length() + " bytes");
            assertTrue(ServerFixture.metric(scrape, "clip4j_http_requests_total", Map.of("method", "other")) >= 200, scrape);
        }
    }
}
