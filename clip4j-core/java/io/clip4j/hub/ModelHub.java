package io.clip4j.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.hub.HubException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Downloads model repositories from the Hugging Face hub into the hub's own cache, as
 * {@code huggingface_hub.snapshot_download} does, and answers from that cache alone offline.
 *
 * <pre>{@code
 * Snapshot clip = ModelHub.fromEnvironment().download("openai/clip-vit-base-patch32");
 * try (ClipModel model = ClipModel.load(clip.folder())) { ... }
 * }</pre>
 *
 * <p>Only the files of one checkpoint are fetched (see {@link #download(String, String)}). Each file's
 * bytes are checked against the hub's ETag: the SHA-256 for files in Git LFS (the weights), the Git
 * blob SHA-1 for the small files. Immutable and thread-safe; two processes downloading the same file at
 * once are not coordinated (huggingface_hub's lock files are not taken).
 */
public final class ModelHub {
    /** The hub, where {@code HF_ENDPOINT} does not name another. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    /** The prefix a model argument takes to name a hub repository: {@code hf:OWNER/NAME[@REVISION]}. */
    public static final String SCHEME = "hf:";

    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,199}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Bytes downloaded so far for the file being fetched; called from the downloading thread. */
    public interface Listener {
        /** A file starts: its name and size in bytes. */
        default void fileStarted(String name, long size) {
        }

        /** {@code bytes} more of the current file arrived. */
        default void advanced(long bytes) {
        }
    }

    private final String endpoint;
    private final String token;
    /** One HTTP client (and its connections) for every request of this hub. */
    private final HubHttp http;
    private final HubCache cache;
    private final boolean offline;
    private final Listener listener;

    private ModelHub(String endpoint, String token, Path cacheDir, boolean offline, Listener listener) {
        this.endpoint = endpoint.replaceAll("/+$", "");
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.http = new HubHttp(this.token);
        this.cache = new HubCache(cacheDir);
        this.offline = offline;
        this.listener = listener;
    }

    /** Configured as huggingface_hub is, from this process's environment. */
    public static ModelHub fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Configured from {@code env}: {@code HF_ENDPOINT}; {@code HF_TOKEN} (else
     * {@code HUGGING_FACE_HUB_TOKEN}, else the file {@code HF_TOKEN_PATH} or {@code $HF_HOME/token});
     * the cache {@code HF_HUB_CACHE} (else {@code HUGGINGFACE_HUB_CACHE}, else {@code $HF_HOME/hub},
     * with {@code HF_HOME} defaulting to {@code $XDG_CACHE_HOME/huggingface} or
     * {@code ~/.cache/huggingface}); offline when {@code HF_HUB_OFFLINE} is 1, ON, YES or TRUE.
     */
    public static ModelHub fromEnvironment(Map<String, String> env) {
        Path home = Optional.ofNullable(env.get("HF_HOME")).map(Path::of)
                .orElseGet(() -> Optional.ofNullable(env.get("XDG_CACHE_HOME")).map(Path::of)
                        .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache")).resolve("huggingface"));
        Path cacheDir = Optional.ofNullable(env.get("HF_HUB_CACHE")).or(() -> Optional.ofNullable(env.get("HUGGINGFACE_HUB_CACHE")))
                .map(Path::of).orElse(home.resolve("hub"));
        String token = Optional.ofNullable(env.get("HF_TOKEN")).or(() -> Optional.ofNullable(env.get("HUGGING_FACE_HUB_TOKEN")))
                .orElseGet(() -> readToken(Optional.ofNullable(env.get("HF_TOKEN_PATH")).map(Path::of).orElse(home.resolve("token"))));
        boolean offline = Set.of("1", "ON", "YES", "TRUE").contains(env.getOrDefault("HF_HUB_OFFLINE", "").strip().toUpperCase(Locale.ROOT));
        return new ModelHub(env.getOrDefault("HF_ENDPOINT", DEFAULT_ENDPOINT), token, cacheDir, offline, new Listener() {
        });
    }

    private static String readToken(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The same hub with another cache folder. */
    public ModelHub withCacheDir(Path cacheDir) {
        return new ModelHub(endpoint, token, cacheDir, offline, listener);
    }

    /** The same hub answering from the cache only ({@code true}) or not. */
    public ModelHub withOffline(boolean offline) {
        return new ModelHub(endpoint, token, cache.root(), offline, listener);
    }

    /** The same hub reporting its progress to {@code listener}. */
    public ModelHub withListener(Listener listener) {
        return new ModelHub(endpoint, token, cache.root(), offline, listener == null ? new Listener() {
        } : listener);
    }

    /** The cache folder. */
    public Path cacheDir() {
        return cache.root();
    }

    /** Whether this hub answers from the cache only. */
    public boolean offline() {
        return offline;
    }

    /** Whether a model argument names a hub repository ({@code hf:OWNER/NAME[@REVISION]}). */
    public static boolean isReference(String model) {
        return model != null && model.startsWith(SCHEME);
    }

    /**
     * Downloads {@code hf:OWNER/NAME[@REVISION]} (the revision defaults to {@code main}).
     *
     * @throws IllegalArgumentException if {@code reference} is not of that form
     * @throws HubException as {@link #download(String, String)}
     */
    public Snapshot downloadReference(String reference) {
        if (!isReference(reference)) {
            throw new IllegalArgumentException("not a hub reference (hf:OWNER/NAME[@REVISION]): " + reference);
        }
        String spec = reference.substring(SCHEME.length());
        int at = spec.indexOf('@');
        return at < 0 ? download(spec, "main") : download(spec.substring(0, at), spec.substring(at + 1));
    }

    /** Downloads {@code repo} at {@code main}. */
    public Snapshot download(String repo) {
        return download(repo, "main");
    }

    /**
     * Fetches one checkpoint of {@code repo} at {@code revision} (branch, tag or commit) into the cache
     * and returns its snapshot folder: the configuration, preprocessing and tokenizer files and one set
     * of {@code *.safetensors} weights ({@code model.safetensors} or its shards, else OpenCLIP's
     * {@code open_clip_model.safetensors}). Files already in the cache are not fetched again; a partial
     * file left by a cut download is resumed. Offline, the cached snapshot is returned without a request.
     *
     * @throws IllegalArgumentException if {@code repo} or {@code revision} is malformed
     * @throws HubException naming the repository or file: no access (401, gated, 403), not found, a
     *     checksum mismatch (the bad file is deleted), not cached offline, no safetensors weights, a
     *     network failure, or a cache that cannot be written (e.g. a full disk)
     */
    public Snapshot download(String repo, String revision) {
        if (repo == null || !REPO.matcher(repo).matches() || repo.contains("--") || repo.contains("..")) {
            throw new IllegalArgumentException("a hub repository is OWNER/NAME (letters, digits, '.', '_', '-'), got: " + repo);
        }
        if (revision == null || !REVISION.matcher(revision).matches() || revision.contains("..")) {
            throw new IllegalArgumentException("not a revision (branch, tag or commit): " + revision);
        }
        String what = SCHEME + repo + (revision.equals("main") ? "" : "@" + revision);
        if (offline) {
            return cached(repo, revision, what);
        }
        JsonNode info = readInfo(repo, revision, what);
        String commit = info.path("sha").asText("");
        if (!COMMIT.matcher(commit).matches()) {
            throw new HubException(Reason.NETWORK, what + ": the hub's answer has no commit ('sha')");
        }
        List<String> names = new ArrayList<>();
        info.path("siblings").forEach(s -> names.add(s.path("rfilename").asText()));
        List<String> files = CheckpointFiles.select(names, what);
        long bytes = 0;
        long downloaded = 0;
        for (String name : files) {
            long[] sizes = fetch(repo, commit, name, what + ": " + name);
            bytes += sizes[0];
            downloaded += sizes[1];
        }
        if (!revision.equals(commit)) {
            cache.writeRef(repo, revision, commit);
        }
        return new Snapshot(repo, revision, commit, cache.snapshot(repo, commit), files, bytes, downloaded);
    }

    private JsonNode readInfo(String repo, String revision, String what) {
        URI uri = URI.create(endpoint + "/api/models/" + repo + "/revision/" + quote(revision, false));
        String body = http.getJson(uri, what);
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new HubException(Reason.NETWORK, what + ": the hub's answer is not JSON: " + e.getMessage(), e);
        }
    }

    /** One file into blobs/ and its link into the snapshot; returns {size, bytes downloaded}. */
    private long[] fetch(String repo, String commit, String name, String what) {
        URI url = URI.create(endpoint + "/" + repo + "/resolve/" + commit + "/" + quote(name, true));
        HubHttp.Metadata meta = http.head(url, what);
        if (!meta.etag().matches("[0-9A-Za-z._-]+")) {
            throw new HubException(Reason.NETWORK, what + ": the server gave an unusable ETag '" + meta.etag() + "'");
        }
        Path blob = cache.blob(repo, meta.etag());
        try {
            if (Files.isRegularFile(blob) && Files.size(blob) == meta.size()) {
                cache.link(repo, commit, name, meta.etag());
                return new long[] {meta.size(), 0};
            }
            Path partial = cache.incomplete(repo, meta.etag());
            Files.createDirectories(partial.getParent());
            long before = Files.exists(partial) ? Files.size(partial) : 0;
            listener.fileStarted(name, meta.size());
            if (before > 0 && before <= meta.size()) {
                listener.advanced(before);
            }
            http.download(meta.location(), url.getHost(), partial, meta.size(), listener::advanced, what);
            verify(partial, meta.etag(), what);
            Files.move(partial, blob, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            cache.link(repo, commit, name, meta.etag());
            return new long[] {meta.size(), meta.size() - Math.min(before, meta.size())};
        } catch (IOException e) {
            throw HubCache.cacheError(blob, e);
        }
    }

    /** The ETag of an LFS file is its SHA-256; of a small file, its Git blob SHA-1. A mismatch deletes the file. */
    private static void verify(Path file, String etag, String what) throws IOException {
        String algorithm;
        byte[] prefix = new byte[0];
        if (SHA256.matcher(etag).matches()) {
            algorithm = "SHA-256";
        } else if (etag.matches("[0-9a-f]{40}")) {
            algorithm = "SHA-1";
            prefix = ("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII);
        } else {
            return; // an ETag that is no content hash: the size was checked while downloading
        }
        String actual = digest(file, algorithm, prefix);
        if (!actual.equals(etag)) {
            Files.delete(file);
            throw new HubException(Reason.CHECKSUM, what + ": checksum mismatch (" + algorithm + " " + actual
                    + ", the hub says " + etag + "); the download was deleted, run again");
        }
    }

    private static String digest(Path file, String algorithm, byte[] prefix) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            md.update(prefix);
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Offline: the commit from refs/ (or the revision itself), and that snapshot as it is. */
    private Snapshot cached(String repo, String revision, String what) {
        String commit = COMMIT.matcher(revision).matches() ? revision : cache.commitOf(repo, revision).orElse(null);
        Path folder = commit == null ? null : cache.snapshot(repo, commit);
        if (folder == null || !Files.isDirectory(folder)) {
            throw new HubException(Reason.NOT_CACHED, what + ": not in the hub cache " + cache.root()
                    + " and HF_HUB_OFFLINE is set; download it first (unset HF_HUB_OFFLINE)");
        }
        List<String> files = cache.filesOf(folder);
        long bytes = 0;
        for (String f : files) {
            try {
                bytes += Files.size(folder.resolve(f));
            } catch (IOException e) {
                throw HubCache.cacheError(folder.resolve(f), e);
            }
        }
        return new Snapshot(repo, revision, commit, folder, files, bytes, 0);
    }

    /** Python's {@code urllib.parse.quote}: letters, digits and {@code _.-~} stay, and {@code /} where a path allows it. */
    static String quote(String s, boolean keepSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "_.-~".indexOf(c) >= 0
                    || keepSlash && c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
