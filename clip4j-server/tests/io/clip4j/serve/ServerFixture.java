package io.clip4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.ClipModel;
import io.clip4j.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** A real server on a free loopback port and a {@link HttpClient} that talks to it. */
final class ServerFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path IMAGES = Fixtures.TINY_CLIP.resolve("images");

    final EmbeddingServer server;
    final HttpClient http;
    final String base;

    ServerFixture(EmbeddingServer server) {
        this(server, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build());
    }

    ServerFixture(EmbeddingServer server, HttpClient http) {
        this.server = server;
        this.http = http;
        this.base = server.url();
    }

    /** A client for a server running elsewhere (another process); {@link #server} is null. */
    ServerFixture(EmbeddingServer none, String base) {
        this.server = none;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        this.base = base;
    }

    /** Starts a server for {@code model} on a free loopback port. */
    static ServerFixture start(ClipModel model, ServerSettings.Builder settings) {
        return new ServerFixture(EmbeddingServer.start(model, settings.host("127.0.0.1").port(0).build()));
    }

    /** Loopback, free port, otherwise defaults. */
    static ServerSettings.Builder settings() {
        return ServerSettings.builder().host("127.0.0.1").port(0);
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    HttpResponse<String> postJson(String path, Object body, String... headers) {
        String text = body instanceof String s ? s : write(body);
        return post(path, "application/json", text.getBytes(StandardCharsets.UTF_8), headers);
    }

    HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = request(path, headers).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    // ---- helpers shared by the tests ----

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    static float[][] embeddings(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        JsonNode rows = json(response).get("embeddings");
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            out[i] = new float[rows.get(i).size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = rows.get(i).get(j).floatValue();
            }
        }
        return out;
    }

    /** Asserts a 4xx/5xx JSON error with the given status and code, safe to show a client. */
    static JsonNode assertError(HttpResponse<String> response, int status, String error) {
        assertEquals(status, response.statusCode(), () -> "status for " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                () -> "content type " + response.headers().map());
        JsonNode body = json(response);
        assertEquals(error, body.path("error").asText(), response::body);
        String detail = body.path("detail").asText();
        assertFalse(detail.isBlank(), "detail is empty");
        assertSafe(response.body());
        return body;
    }

    /** No stack trace, exception class or server-side path in a body. */
    static void assertSafe(String body) {
        for (String leak : List.of("Exception", "\tat ", "at io.", "at java.", "at org.", "/work/", "/tmp/", "/home/", "/root/",
                "testdata/", ".java:")) {
            assertFalse(body.contains(leak), () -> "body leaks '" + leak + "': " + body);
        }
    }

    static byte[] image(String name) {
        try {
            return Files.readAllBytes(IMAGES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String base64(String name) {
        return Base64.getEncoder().encodeToString(image(name));
    }

    /** A multipart/form-data body; parts are (name, fileName or null, contentType or null, bytes). */
    static final class Multipart {
        final String boundary = "clip4jBoundary" + System.nanoTime();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart file(String field, String fileName, String contentType, byte[] bytes) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(field).append('"');
            if (fileName != null) {
                head.append("; filename=\"").append(fileName).append('"');
            }
            head.append("\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bytes);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Multipart field(String field, String value) {
            return file(field, null, null, value.getBytes(StandardCharsets.UTF_8));
        }

        byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(out.toByteArray());
            all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return all.toByteArray();
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }
    }

    /** The value of a Prometheus sample whose line starts with {@code prefix} (name and labels), or -1. */
    static double metric(String scrape, String name, Map<String, String> labels) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            String rest = line.substring(name.length());
            if (!rest.startsWith("{") && !rest.startsWith(" ")) {
                continue;
            }
            boolean all = labels.entrySet().stream().allMatch(e -> rest.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            if (all) {
                return Double.parseDouble(rest.substring(rest.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }
}
