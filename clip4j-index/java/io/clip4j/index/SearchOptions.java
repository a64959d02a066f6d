package io.clip4j.index;

import io.clip4j.ClipException;

/**
 * How many hits a search returns and how it finds them.
 *
 * @param k how many hits
 * @param exact true for the exact matrix-product search, false for HNSW
 * @param candidates HNSW candidates per segment (at least {@code k}); ignored by the exact search
 * @param pathPrefix only files whose path starts with this are searched; null for all
 */
public record SearchOptions(int k, boolean exact, int candidates, String pathPrefix) {
    /** Checks the fields. */
    public SearchOptions {
        if (pathPrefix != null && pathPrefix.indexOf('\0') >= 0) { // no file path holds one, and PostgreSQL's text cannot
            throw new ClipException("pathPrefix must not contain a NUL character");
        }
        if (k < 1) {
            throw new ClipException("k must be at least 1, not " + k);
        }
        if (candidates < k) {
            throw new ClipException("candidates must be at least k (" + k + "), not " + candidates);
        }
    }

    /**
     * The {@code k} best hits by HNSW with {@code max(k, VectorIndex.DEFAULT_CANDIDATES)} candidates.
     *
     * @param k how many hits
     * @return the options
     */
    public static SearchOptions top(int k) {
        return new SearchOptions(k, false, Math.max(k, VectorIndex.DEFAULT_CANDIDATES), null);
    }

    /**
     * A copy that searches exactly.
     *
     * @return the new options
     */
    public SearchOptions exactly() {
        return new SearchOptions(k, true, candidates, pathPrefix);
    }

    /**
     * A copy with another HNSW candidate count.
     *
     * @param n candidates per segment
     * @return the new options
     */
    public SearchOptions withCandidates(int n) {
        return new SearchOptions(k, exact, n, pathPrefix);
    }

    /**
     * A copy that searches only files whose path starts with {@code prefix} (a folder, say).
     *
     * @param prefix the path prefix; null or empty for all files
     * @return the new options
     */
    public SearchOptions withPathPrefix(String prefix) {
        return new SearchOptions(k, exact, candidates, prefix == null || prefix.isEmpty() ? null : prefix);
    }
}
