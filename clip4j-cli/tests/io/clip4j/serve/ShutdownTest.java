package io.clip4j.serve;

import static io.clip4j.serve.ServerFixture.embeddings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Shutdown stops accepting, answers what is in flight, then stops; also through a real SIGTERM. */
class ShutdownTest {
    /** Client calls block until answered: give them their own threads, not the common pool. */
    private static final java.util.concurrent.ExecutorService CLIENTS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "shutdown-test-client");
        t.setDaemon(true);
        return t;
    });

    @Test
    void shutdownFinishesRequestsInFlightAndRefusesNewOnes() throws Exception {
        try (ClipModel model = ClipModel.load(Fixtures.TINY_CLIP)) {
            GatedEncoder<String> texts = new GatedEncoder<>(ModelEncoders.texts(model));
            EmbeddingServer server = EmbeddingServer.start(ServerFixture.settings().maxBatch(1).build(),
                    (m, s, metrics) -> new EmbeddingService(m, s, metrics, texts, ModelEncoders.images(m)));
            server.attach(model);
            ServerFixture f = new ServerFixture(server);
            URI uri = URI.create(f.base);
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            inFlight.add(CompletableFuture.supplyAsync(() -> f.postJson("/v1/embeddings/text", Map.of("texts", List.of("first"))), CLIENTS));
            texts.awaitEntered();
            for (String t : List.of("second", "third")) {
                inFlight.add(CompletableFuture.supplyAsync(() -> f.postJson("/v1/embeddings/text", Map.of("texts", List.of(t))), CLIENTS));
            }
            io.clip4j.batch.Conditions.waitFor(() -> server.service() != null && ServerFixture.metric(server.scrapeMetrics(),
                    "clip4j_queue_depth", Map.of("queue", "text")) == 2, "two requests queued");
            try (Socket idle = new Socket(uri.getHost(), uri.getPort())) { // a keep-alive connection opened before
                CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::shutdown, CLIENTS);
                io.clip4j.batch.Conditions.waitFor(() -> !accepts(uri), "the listener is closed");
                assertFalse(server.isReady());
                String refused = exchange(idle, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(refused.startsWith("HTTP/1.1 503"), refused);
                assertTrue(refused.contains("\"error\":\"shutting_down\""), refused);

                texts.open();
                for (CompletableFuture<HttpResponse<String>> request : inFlight) {
                    assertEquals(1, embeddings(request.get(30, TimeUnit.SECONDS)).length);
                }
                stopping.get(30, TimeUnit.SECONDS);
            }
            assertThrows(Exception.class, () -> f.get("/health"));
        }
    }

    @Test
    void sigtermDrainsAndExits() throws Exception {
        List<String> command = new ArrayList<>(List.of(io.clip4j.ChildJvm.javaBinary(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ServeMain.class.getName(),
                "--model", Fixtures.TINY_CLIP.toString(), "--port", "0", "--max-wait-ms", "4000", "--drain-seconds", "20"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process process = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String listening = out.readLine();
            assertTrue(listening != null && listening.contains("\"listening\""), "first line: " + listening);
            String ready = out.readLine();
            assertTrue(ready != null && ready.contains("\"ready\":true"), "second line: " + ready);
            String url = ServerFixture.JSON.readTree(listening).get("listening").asText();
            ServerFixture f = new ServerFixture(null, url);

            // one text waits up to 4 s for its batch to fill; SIGTERM must answer it at once, not drop it
            CompletableFuture<HttpResponse<String>> waiting =
                    CompletableFuture.supplyAsync(() -> f.postJson("/v1/embeddings/text", Map.of("texts", List.of("in flight"))), CLIENTS);
            io.clip4j.batch.Conditions.waitFor(() -> ServerFixture.metric(f.get("/metrics").body(), "clip4j_queue_depth",
                    Map.of("queue", "text")) == 1, "the request is queued");
            long start = System.nanoTime();
            process.destroy(); // SIGTERM
            HttpResponse<String> answer = waiting.get(30, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1, embeddings(answer).length);
            assertTrue(millis < 3000, "answered when the drain began, not after the batch wait: " + millis + " ms");
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server exits");
            assertEquals(143, process.exitValue(), "128 + SIGTERM");
            assertFalse(accepts(URI.create(url)));
        } finally {
            process.destroyForcibly();
        }
    }

    private static boolean accepts(URI uri) {
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String exchange(Socket socket, String request) throws IOException {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] buffer = new byte[8192];
        int n = socket.getInputStream().read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8);
    }
}
