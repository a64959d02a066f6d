package io.clip4j.index;

import java.util.Objects;

/**
 * What the index stores about one image besides its vector.
 *
 * @param path the file's absolute, normalised path: the document's key
 * @param sha256 the SHA-256 of the file's bytes, 64 lower-case hex digits
 * @param size the file's size in bytes
 * @param modifiedMillis the file's last-modified time, milliseconds since the epoch
 */
public record IndexedFile(String path, String sha256, long size, long modifiedMillis) {
    /** Checks the fields. */
    public IndexedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
    }

    /**
     * Whether the file's size and time still match, the cheap test for "unchanged".
     *
     * @param other the same file as seen now
     * @return true when size and modification time are equal
     */
    public boolean sameStat(IndexedFile other) {
        return size == other.size && modifiedMillis == other.modifiedMillis;
    }

    /**
     * The content hash an index records for a file: SHA-256 of its bytes, lower-case hex.
     *
     * @param bytes the file's bytes
     * @return the hex digest
     */
    public static String sha256Of(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /**
     * {@link #sha256Of(byte[])} of a file's bytes, read in a stream (a video need not fit in memory).
     *
     * @param file the file
     * @return the hex digest
     * @throws java.io.IOException when the file cannot be read
     */
    public static String sha256Of(java.nio.file.Path file) throws java.io.IOException {
        java.security.MessageDigest digest = newDigest();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    private static java.security.MessageDigest newDigest() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
