package io.clip4j.serve;

import io.clip4j.ClipException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bearer tokens that may call the API. Only SHA-256 digests of the tokens are kept, and a
 * presented token is checked against every one of them with {@link MessageDigest#isEqual} (constant
 * time, no early exit), so response timing reveals neither a token's content nor its length.
 *
 * <p>Sources: a file with one token per line ({@code #} comments and blank lines skipped), or a
 * comma- or newline-separated list (the {@code CLIP4J_API_KEYS} environment variable). Tokens must
 * be at least {@value #MIN_LENGTH} characters of visible ASCII (e.g. {@code openssl rand -hex 32}).
 */
public final class ApiKeys {
    /** The shortest token accepted. */
    public static final int MIN_LENGTH = 16;

    private static final ApiKeys NONE = new ApiKeys(List.of());

    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = List.copyOf(digests);
    }

    /** No keys: authentication is off. */
    public static ApiKeys none() {
        return NONE;
    }

    /**
     * These tokens.
     *
     * @throws ClipException if a token is too short or holds characters other than visible ASCII
     */
    public static ApiKeys of(String... tokens) {
        List<byte[]> digests = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            digests.add(digest(checked(tokens[i], "API key " + (i + 1))));
        }
        return new ApiKeys(digests);
    }

    /**
     * Reads a key file: one token per line, {@code #} comments and blank lines skipped.
     *
     * @throws ClipException naming the file (never a token) if it cannot be read, holds no key, or a
     *                       line is not a usable token
     */
    public static ApiKeys read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ClipException("API key file " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
        List<byte[]> digests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                digests.add(digest(checked(line, "API key file " + file + " line " + (i + 1))));
            }
        }
        if (digests.isEmpty()) {
            throw new ClipException("API key file " + file + " holds no key (one token per line)");
        }
        return new ApiKeys(digests);
    }

    /**
     * Parses a comma- or newline-separated list of tokens (the {@code CLIP4J_API_KEYS} variable).
     *
     * @throws ClipException naming {@code source} if it holds no key or a bad one
     */
    public static ApiKeys parse(String list, String source) {
        List<byte[]> digests = new ArrayList<>();
        int n = 0;
        for (String part : list.split("[,\\n]")) {
            String token = part.strip();
            n++;
            if (!token.isEmpty()) {
                digests.add(digest(checked(token, source + " entry " + n)));
            }
        }
        if (digests.isEmpty()) {
            throw new ClipException(source + " holds no key");
        }
        return new ApiKeys(digests);
    }

    /** These keys and {@code other}'s. */
    public ApiKeys plus(ApiKeys other) {
        List<byte[]> all = new ArrayList<>(digests);
        all.addAll(other.digests);
        return new ApiKeys(all);
    }

    /** True when there are no keys (authentication off). */
    public boolean isEmpty() {
        return digests.isEmpty();
    }

    /** How many keys there are. */
    public int size() {
        return digests.size();
    }

    /**
     * Whether an {@code Authorization} header value carries one of the keys as
     * {@code Bearer TOKEN} (scheme case-insensitive). Compares digests in constant time.
     */
    public boolean acceptsHeader(String authorization) {
        if (authorization == null) {
            return false;
        }
        String value = authorization.strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return accepts(value.substring(7).strip());
    }

    /** Whether {@code token} is one of the keys. Compares digests in constant time. */
    public boolean accepts(String token) {
        if (token == null) {
            return false;
        }
        byte[] presented = digest(token);
        boolean match = false;
        for (byte[] known : digests) {
            match |= MessageDigest.isEqual(known, presented); // no early exit
        }
        return match;
    }

    private static String checked(String token, String where) {
        if (token.length() < MIN_LENGTH) {
            throw new ClipException(where + ": an API key must be at least " + MIN_LENGTH + " characters long");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new ClipException(where + ": an API key may hold only visible ASCII characters (no spaces)");
            }
        }
        return token;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeys[" + digests.size() + " keys]";
    }
}
