package io.clip4j.hub;

import io.clip4j.hub.HubException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The hub's HTTP protocol, as {@code huggingface_hub}'s {@code file_download.py} speaks it: a HEAD on
 * the resolve URL that follows only relative redirects (a renamed repository) and reads the file's
 * metadata from {@code X-Repo-Commit}, {@code X-Linked-Etag}/{@code ETag} and
 * {@code X-Linked-Size}/{@code Content-Length}; then a GET of the location the HEAD ended at (an
 * absolute redirect goes to the CDN), with {@code Range: bytes=N-} to resume a partial file and
 * without the token once the host changes. Errors are read from {@code X-Error-Code} and
 * {@code X-Error-Message} as the hub sends them.
 */
final class HubHttp {
    private static final int MAX_REDIRECTS = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What a HEAD on a resolve URL says about one file. */
    record Metadata(String commit, String etag, long size, URI location) {
    }

    /** Bytes as they arrive, for a progress bar. */
    interface Progress {
        void advanced(long bytes);
    }

    private final HttpClient client;
    private final String token;
    private final String userAgent;

    HubHttp(String token) {
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).build();
        this.token = token;
        this.userAgent = "clip4j/0.1.0; java/" + Runtime.version().feature();
    }

    private HttpRequest.Builder request(URI uri, boolean withToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                .header("User-Agent", userAgent).header("Accept-Encoding", "identity");
        if (withToken && token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** GET a small JSON document (the repository's revision info). */
    String getJson(URI uri, String what) {
        HttpResponse<String> r = send(request(uri, true).GET().build(), HttpResponse.BodyHandlers.ofString(), what);
        if (r.statusCode() != 200) {
            throw error(r, what);
        }
        return r.body();
    }

    /** The metadata of one file, following relative redirects only. */
    Metadata head(URI url, String what) {
        URI uri = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<Void> r = send(request(uri, true).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding(), what);
            int status = r.statusCode();
            String location = r.headers().firstValue("Location").orElse(null);
            boolean redirect = status >= 300 && status < 400 && location != null;
            if (redirect && URI.create(location).getHost() == null) {
                uri = uri.resolve(location); // a renamed repository: the same HEAD at the new path
                continue;
            }
            if (!redirect && status != 200) {
                throw error(r, what);
            }
            String commit = r.headers().firstValue("X-Repo-Commit").orElse(null);
            String etag = r.headers().firstValue("X-Linked-Etag").or(() -> r.headers().firstValue("ETag")).orElse(null);
            String size = r.headers().firstValue("X-Linked-Size")
                    .or(() -> redirect ? java.util.Optional.empty() : r.headers().firstValue("Content-Length")).orElse(null);
            if (commit == null || etag == null || size == null) {
                throw new HubException(Reason.NETWORK, what + ": the server's answer lacks "
                        + (commit == null ? "X-Repo-Commit" : etag == null ? "an ETag" : "a size") + "; is HF_ENDPOINT a hub?");
            }
            return new Metadata(commit, normalizeEtag(etag), parseSize(size, what), redirect ? uri.resolve(location) : uri);
        }
        throw new HubException(Reason.NETWORK, what + ": more than " + MAX_REDIRECTS + " redirects");
    }

    /** huggingface_hub strips a weak-validator prefix and the quotes. */
    static String normalizeEtag(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.replace("\"", "");
    }

    private static long parseSize(String size, String what) {
        try {
            long n = Long.parseLong(size.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new HubException(Reason.NETWORK, what + ": the server gave an invalid size '" + size + "'");
    }

    /**
     * Downloads {@code location} into {@code partial} until it holds {@code size} bytes, resuming from
     * what it already holds. Redirects are followed (to a CDN); the token goes only to {@code hubHost}.
     * A cut connection leaves the partial file for the next run to resume.
     */
    void download(URI location, String hubHost, Path partial, long size, Progress progress, String what) throws IOException {
        long have = Files.exists(partial) ? Files.size(partial) : 0;
        if (have > size) {
            Files.delete(partial);
            have = 0;
        }
        if (have == size) {
            return;
        }
        URI uri = location;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = request(uri, Objects.equals(uri.getHost(), hubHost));
            if (have > 0) {
                b.header("Range", "bytes=" + have + "-");
            }
            HttpResponse<InputStream> r = send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream(), what);
            int status = r.statusCode();
            if (status >= 300 && status < 400 && r.headers().firstValue("Location").isPresent()) {
                r.body().close();
                uri = uri.resolve(r.headers().firstValue("Location").get());
                continue;
            }
            if (status != 200 && status != 206) {
                r.body().close();
                throw error(r, what);
            }
            // 200 to a Range request: the server sends the whole file again
            boolean append = status == 206 && have > 0;
            if (!append) {
                have = 0;
            }
            try (InputStream in = r.body();
                 OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = read(in, buffer, have, size, what)) >= 0; ) {
                    if (have + n > size) {
                        throw new HubException(Reason.CHECKSUM, what + ": the server sent more than the "
                                + size + " bytes it announced");
                    }
                    out.write(buffer, 0, n);
                    have += n;
                    progress.advanced(n);
                }
            }
            if (have != size) {
                throw new HubException(Reason.NETWORK, what + ": the connection ended after " + have + " of " + size
                        + " bytes; run again to resume");
            }
            return;
        }
        throw new HubException(Reason.NETWORK, what + ": more than " + MAX_REDIRECTS + " redirects");
    }

    /** A read from the network; its failure is the connection's, not the cache's. */
    private static int read(InputStream in, byte[] buffer, long have, long size, String what) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new HubException(Reason.NETWORK, what + ": the connection failed after " + have + " of " + size
                    + " bytes (" + e.getMessage() + "); run again to resume", e);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, String what) {
        try {
            return client.send(request, body);
        } catch (IOException e) {
            throw new HubException(Reason.NETWORK, what + ": cannot reach " + request.uri().getScheme() + "://"
                    + request.uri().getAuthority() + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "); set HF_HUB_OFFLINE=1 to use the cache only", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(Reason.NETWORK, what + ": interrupted", e);
        }
    }

    /** The hub's error, in huggingface_hub's order: the error code header first, then the status. */
    private HubException error(HttpResponse<?> r, String what) {
        int status = r.statusCode();
        String code = r.headers().firstValue("X-Error-Code").orElse("");
        String message = r.headers().firstValue("X-Error-Message").orElse("");
        String detail = message.isEmpty() ? "" : " (" + message + ")";
        switch (code) {
            case "RevisionNotFound":
                return new HubException(Reason.NOT_FOUND, what + ": revision not found" + detail);
            case "EntryNotFound":
                return new HubException(Reason.NOT_FOUND, what + ": file not found in the repository" + detail);
            case "GatedRepo":
                return new HubException(Reason.GATED, what + ": a gated repository: accept its terms on its hub page, "
                        + "then set HF_TOKEN to a token of that account" + detail);
            default:
                break;
        }
        if (status == 401 && message.toLowerCase(Locale.ROOT).contains("invalid credentials")) {
            return new HubException(Reason.UNAUTHORIZED, what + ": HF_TOKEN was refused (invalid credentials)");
        }
        if ("RepoNotFound".equals(code) || status == 401) {
            return new HubException(token == null ? Reason.UNAUTHORIZED : Reason.NOT_FOUND, what + ": "
                    + (token == null ? "repository not found, or private or gated and HF_TOKEN is not set"
                    : "repository not found, or HF_TOKEN has no access to it") + " (HTTP " + status + ")");
        }
        if (status == 403) {
            return new HubException(Reason.FORBIDDEN, what + ": forbidden (HTTP 403)" + detail);
        }
        if (status == 404) {
            return new HubException(Reason.NOT_FOUND, what + ": not found (HTTP 404)" + detail);
        }
        return new HubException(Reason.NETWORK, what + ": HTTP " + status + detail);
    }
}
