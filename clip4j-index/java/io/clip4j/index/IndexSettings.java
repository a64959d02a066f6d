package io.clip4j.index;

import io.clip4j.ClipException;

/**
 * How the index writer builds the HNSW graph and buffers documents. The defaults are Lucene's
 * graph parameters with a 64 MB buffer; a bulk load of millions of vectors wants a larger buffer
 * (fewer, larger segments, fewer graph merges).
 *
 * @param maxConnections HNSW {@code M}: neighbours per node (Lucene's default 16, at most 512)
 * @param beamWidth HNSW {@code efConstruction}: candidates while inserting (Lucene's default 100, at most 3200)
 * @param ramBufferMb documents buffered in memory before a segment is written
 * @param mergeWorkers threads that build a merged segment's graph together (1: the merge thread alone)
 */
public record IndexSettings(int maxConnections, int beamWidth, double ramBufferMb, int mergeWorkers) {
    /** Checks the fields. */
    public IndexSettings {
        if (maxConnections < 2 || maxConnections > 512) {
            throw new ClipException("HNSW max connections (M) must be in [2, 512], not " + maxConnections);
        }
        if (beamWidth < 2 || beamWidth > 3200) {
            throw new ClipException("HNSW beam width must be in [2, 3200], not " + beamWidth);
        }
        if (!(ramBufferMb >= 1 && ramBufferMb < 2048)) {
            throw new ClipException("RAM buffer must be in [1, 2048) MB, not " + ramBufferMb);
        }
        if (mergeWorkers < 1) {
            throw new ClipException("merge workers must be at least 1, not " + mergeWorkers);
        }
    }

    /**
     * Lucene's HNSW defaults (M 16, beam 100), a 64 MB buffer, one merge worker.
     *
     * @return the default settings
     */
    public static IndexSettings defaults() {
        return new IndexSettings(16, 100, 64, 1);
    }

    /**
     * A copy with another RAM buffer.
     *
     * @param mb megabytes
     * @return the new settings
     */
    public IndexSettings withRamBufferMb(double mb) {
        return new IndexSettings(maxConnections, beamWidth, mb, mergeWorkers);
    }

    /**
     * A copy with other graph parameters.
     *
     * @param m neighbours per node
     * @param beam candidates while inserting
     * @return the new settings
     */
    public IndexSettings withGraph(int m, int beam) {
        return new IndexSettings(m, beam, ramBufferMb, mergeWorkers);
    }

    /**
     * A copy with another number of merge workers.
     *
     * @param workers threads per graph merge
     * @return the new settings
     */
    public IndexSettings withMergeWorkers(int workers) {
        return new IndexSettings(maxConnections, beamWidth, ramBufferMb, workers);
    }
}
