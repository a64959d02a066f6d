package io.clip4j.index;

import io.clip4j.ClipException;
import io.clip4j.image.DecodeOptions;
import java.util.Objects;

/**
 * How {@link IndexBuilder} works through the files.
 *
 * @param batchSize images embedded per model call
 * @param commitEvery changes (added, updated, removed documents) after which the build commits;
 *     a killed build loses at most this many
 * @param loadThreads threads that read, hash and decode files
 * @param rehash when true, hash every file; when false, a file whose size and modification
 *     time equal the indexed ones is taken as unchanged without reading it
 * @param similarity the similarity of a new index, or null for dot product (an existing index
 *     keeps its own)
 * @param index the writer's graph and buffer settings
 * @param decode image decoding options (pixel limit, EXIF)
 */
public record BuildOptions(int batchSize, int commitEvery, int loadThreads, boolean rehash, Similarity similarity,
                           IndexSettings index, DecodeOptions decode) {
    /** Checks the fields. */
    public BuildOptions {
        if (batchSize < 1) {
            throw new ClipException("batch size must be at least 1, not " + batchSize);
        }
        if (commitEvery < 1) {
            throw new ClipException("commit interval must be at least 1, not " + commitEvery);
        }
        if (loadThreads < 1) {
            throw new ClipException("load threads must be at least 1, not " + loadThreads);
        }
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(decode, "decode");
    }

    /**
     * Batches of 32, a commit every 512 changes, up to 4 load threads, stat-based skipping,
     * dot product, default index settings and decoding.
     *
     * @return the default options
     */
    public static BuildOptions defaults() {
        return new BuildOptions(32, 512, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), false,
                null, IndexSettings.defaults(), DecodeOptions.defaults());
    }

    /**
     * A copy with another batch size.
     *
     * @param n images per model call
     * @return the new options
     */
    public BuildOptions withBatchSize(int n) {
        return new BuildOptions(n, commitEvery, loadThreads, rehash, similarity, index, decode);
    }

    /**
     * A copy with another commit interval.
     *
     * @param n changes per commit
     * @return the new options
     */
    public BuildOptions withCommitEvery(int n) {
        return new BuildOptions(batchSize, n, loadThreads, rehash, similarity, index, decode);
    }

    /**
     * A copy with another number of load threads.
     *
     * @param n threads
     * @return the new options
     */
    public BuildOptions withLoadThreads(int n) {
        return new BuildOptions(batchSize, commitEvery, n, rehash, similarity, index, decode);
    }

    /**
     * A copy that hashes every file, or trusts size and time.
     *
     * @param always true to hash every file
     * @return the new options
     */
    public BuildOptions withRehash(boolean always) {
        return new BuildOptions(batchSize, commitEvery, loadThreads, always, similarity, index, decode);
    }

    /**
     * A copy with the similarity of a new index.
     *
     * @param s the similarity, or null for the default
     * @return the new options
     */
    public BuildOptions withSimilarity(Similarity s) {
        return new BuildOptions(batchSize, commitEvery, loadThreads, rehash, s, index, decode);
    }
}
