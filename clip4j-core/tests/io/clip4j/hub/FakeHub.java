package io.clip4j.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local server speaking the hub's documented download protocol, as huggingface_hub's
 * {@code file_download.py} expects it (the real hub cannot be reached from the machines that run the
 * tests): {@code GET /api/models/OWNER/NAME/revision/REV} with {@code sha} and {@code siblings};
 * {@code HEAD}/{@code GET /OWNER/NAME/resolve/REV/FILE} answering small files with their Git blob SHA-1
 * as {@code ETag}, and LFS files ({@code *.safetensors}, {@code *.bin}) with a 302 to a CDN on another
 * host name ({@code localhost} against the endpoint's {@code 127.0.0.1}) plus {@code X-Linked-Etag}
 * (the SHA-256) and {@code X-Linked-Size}; every answer carries {@code X-Repo-Commit}. The CDN honours
 * {@code Range}. Errors come with {@code X-Error-Code} as the hub sends them. It records every request.
 */
final class FakeHub implements AutoCloseable {
    /** One request the server saw. */
    record Seen(String method, String path, String range, String authorization) {
    }

    private record Repo(String commit, Map<String, byte[]> files, String access) {
    }

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String TOKEN = "hf_test_token";

    private final HttpServer server;
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** CDN answers to cut short (the blob's SHA-256 → bytes to send before closing), once each. */
    final Map<String, Integer> cutAfter = new ConcurrentHashMap<>();
    /** Blobs the CDN corrupts (one byte flipped), every time. */
    final Set<String> corrupt = ConcurrentHashMap.newKeySet();

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The endpoint, as HF_ENDPOINT would name it. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A public repository at {@link #COMMIT} on {@code main}. */
    void add(String repo, Map<String, byte[]> files) {
        add(repo, files, "public");
    }

    /** {@code access}: public, private (401 without the token) or gated (401 without, 403 with the token). */
    void add(String repo, Map<String, byte[]> files, String access) {
        repos.put(repo, new Repo(COMMIT, new LinkedHashMap<>(files), access));
        files.forEach((name, bytes) -> {
            if (isLfs(name)) {
                blobs.put(etag(name, bytes), bytes);
            }
        });
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    void forget() {
        seen.clear();
    }

    static boolean isLfs(String name) {
        return name.endsWith(".safetensors") || name.endsWith(".bin");
    }

    /** The ETag the hub gives a file: SHA-256 for LFS files, the Git blob SHA-1 for the rest. */
    static String etag(String name, byte[] bytes) {
        try {
            if (isLfs(name)) {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            }
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getRawPath();
        seen.add(new Seen(x.getRequestMethod(), path, x.getRequestHeaders().getFirst("Range"),
                x.getRequestHeaders().getFirst("Authorization")));
        try (x) {
            if (path.startsWith("/cdn/")) {
                cdn(x, path.substring("/cdn/".length()));
            } else if (path.startsWith("/api/models/")) {
                api(x, path.substring("/api/models/".length()));
            } else if (path.contains("/resolve/")) {
                resolve(x, path);
            } else {
                fail(x, 404, null, "no route");
            }
        }
    }

    /** The repository of {@code OWNER/NAME/...}, or null after answering its access error. */
    private Repo repo(HttpExchange x, String owner, String name) throws IOException {
        if (owner.equals("old-owner")) { // a renamed repository: a relative redirect to its new path
            return null;
        }
        Repo repo = repos.get(owner + "/" + name);
        boolean token = ("Bearer " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"));
        if (repo == null || repo.access().equals("private") && !token) {
            fail(x, 401, "RepoNotFound", "Repository not found");
            return null;
        }
        if (repo.access().equals("gated")) {
            fail(x, token ? 403 : 401, "GatedRepo", "Access to model " + owner + "/" + name + " is restricted.");
            return null;
        }
        return repo;
    }

    private void api(HttpExchange x, String rest) throws IOException {
        String[] p = rest.split("/", 4); // OWNER, NAME, "revision", REV
        Repo repo = repo(x, p[0], p[1]);
        if (repo == null) {
            return;
        }
        String revision = java.net.URLDecoder.decode(p[3], StandardCharsets.UTF_8);
        if (!revision.equals("main") && !revision.equals(repo.commit())) {
            fail(x, 404, "RevisionNotFound", "Invalid rev id: " + revision);
            return;
        }
        StringBuilder json = new StringBuilder("{\"id\":\"" + p[0] + "/" + p[1] + "\",\"sha\":\"" + repo.commit() + "\",\"siblings\":[");
        String sep = "";
        for (String file : repo.files().keySet()) {
            json.append(sep).append("{\"rfilename\":\"").append(file).append("\"}");
            sep = ",";
        }
        send(x, 200, json.append("]}").toString().getBytes(StandardCharsets.UTF_8), false);
    }

    private void resolve(HttpExchange x, String path) throws IOException {
        String[] p = path.substring(1).split("/", 5); // OWNER, NAME, "resolve", REV, FILE
        if (p[0].equals("old-owner")) {
            x.getResponseHeaders().add("Location", "/" + "new-owner/" + p[1] + "/resolve/" + p[3] + "/" + p[4]);
            send(x, 307, new byte[0], true);
            return;
        }
        Repo repo = repo(x, p[0], p[1]);
        if (repo == null) {
            return;
        }
        String file = java.net.URLDecoder.decode(p[4], StandardCharsets.UTF_8);
        byte[] bytes = repo.files().get(file);
        if (bytes == null) {
            fail(x, 404, "EntryNotFound", file + " does not exist on \"" + p[3] + "\"");
            return;
        }
        String etag = etag(file, bytes);
        x.getResponseHeaders().add("X-Repo-Commit", repo.commit());
        if (isLfs(file)) {
            x.getResponseHeaders().add("X-Linked-Etag", "\"" + etag + "\"");
            x.getResponseHeaders().add("X-Linked-Size", String.valueOf(bytes.length));
            x.getResponseHeaders().add("ETag", "\"not-the-content-hash\"");
            x.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort() + "/cdn/" + etag);
            send(x, 302, new byte[0], true);
            return;
        }
        x.getResponseHeaders().add("ETag", "\"" + etag + "\"");
        send(x, 200, bytes, x.getRequestMethod().equals("HEAD"));
    }

    private void cdn(HttpExchange x, String etag) throws IOException {
        byte[] bytes = blobs.get(etag);
        if (bytes == null) {
            fail(x, 404, null, "no blob");
            return;
        }
        if (corrupt.contains(etag)) {
            bytes = bytes.clone();
            bytes[bytes.length / 2] ^= 1;
        }
        String range = x.getRequestHeaders().getFirst("Range");
        int from = 0;
        if (range != null && range.matches("bytes=\\d+-")) {
            from = Integer.parseInt(range.substring(6, range.length() - 1));
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, from, bytes.length);
        if (from > 0) {
            x.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
        }
        Integer cut = cutAfter.remove(etag);
        if (cut != null) { // announce the whole body, send part of it, and drop the connection
            x.sendResponseHeaders(from > 0 ? 206 : 200, body.length);
            OutputStream out = x.getResponseBody();
            out.write(body, 0, cut);
            out.flush();
            // let the client read what was sent before the connection drops: an abort can reset it, and a
            // reset discards bytes still in the client's socket buffer (990,390 of 1,000,000 arrived once)
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("cut on purpose");
        }
        send(x, from > 0 ? 206 : 200, body, false);
    }

    private static void fail(HttpExchange x, int status, String code, String message) throws IOException {
        if (code != null) {
            x.getResponseHeaders().add("X-Error-Code", code);
        }
        x.getResponseHeaders().add("X-Error-Message", message);
        send(x, status, ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8), x.getRequestMethod().equals("HEAD"));
    }

    private static void send(HttpExchange x, int status, byte[] body, boolean headOnly) throws IOException {
        if (headOnly) {
            if (status == 200) {
                x.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
            }
            x.sendResponseHeaders(status, -1);
            return;
        }
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            x.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
