package io.clip4j.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

/**
 * Adds, replaces and deletes image vectors in an on-disk index, and commits them.
 *
 * <p>Changes become durable and visible only at {@link #commit()}: Lucene writes new segment
 * files, syncs them, then atomically switches to a new commit point. A process killed at any
 * moment leaves the last commit intact, and closing without committing discards what came after
 * it. Every commit carries the {@link IndexMetadata} in its user data. One writer per index at a
 * time (Lucene's {@code write.lock}); readers in other processes are not blocked.
 *
 * <p>The writer keeps the index's similarity: a new index gets the one asked for (dot product
 * when none is), an existing one keeps its own.
 */
public final class VectorIndexWriter implements VectorStoreWriter {
    /** Lucene's HNSW format refuses wider vectors. */
    public static final int MAX_DIMENSIONS = 1024;

    private final Path path;
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final IndexMetadata metadata;
    private final ExecutorService mergeExecutor;
    private DirectoryReader snapshot; // for vector(): opened on first use, closed with the writer

    private VectorIndexWriter(Path path, FSDirectory directory, IndexWriter writer, IndexMetadata metadata,
                              ExecutorService mergeExecutor) {
        this.path = path;
        this.directory = directory;
        this.writer = writer;
        this.metadata = metadata;
        this.mergeExecutor = mergeExecutor;
    }

    /**
     * Opens the index in {@code path} for writing, creating it (and the directory) when there
     * is none. A new index is committed at once, empty, with its metadata.
     *
     * @param path the index directory: new, empty, or holding a clip4j index
     * @param model the model whose embeddings will be written
     * @param similarity the similarity of a new index; null for dot product (ignored for an
     *     existing index, which keeps its own)
     * @param settings graph and buffer settings
     * @return a writer the caller closes
     * @throws IndexMismatchException if the existing index was built with another model
     * @throws IndexException if the directory holds other files, another process is writing,
     *     the index is damaged, or the model's embeddings are wider than {@value #MAX_DIMENSIONS}
     */
    public static VectorIndexWriter open(Path path, ModelIdentity model, Similarity similarity, IndexSettings settings) {
        if (model.dim() > MAX_DIMENSIONS) {
            throw new IndexException(path, "model '" + model.name() + "' makes " + model.dim()
                    + "-dimensional embeddings; Lucene's HNSW index takes at most " + MAX_DIMENSIONS);
        }
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new IndexException(path, "is a file; give a directory for the index");
        }
        FSDirectory directory = null;
        ExecutorService executor = null;
        try {
            Files.createDirectories(path);
            directory = FSDirectory.open(path);
            boolean exists = LuceneFiles.hasIndex(path, directory);
            IndexMetadata metadata;
            if (exists) {
                IndexMetadata recorded = IndexMetadata.fromCommitData(path, LuceneFiles.latestCommitData(path, directory));
                if (!recorded.model().compatibleWith(model)) {
                    throw new IndexMismatchException(path, recorded.model(), model);
                }
                if (similarity != null && similarity != recorded.similarity()) {
                    throw new IndexException(path, "was built with similarity " + recorded.similarity().id()
                            + ", not " + similarity.id() + "; build a new index to change it");
                }
                metadata = new IndexMetadata(model, recorded.similarity());
            } else {
                if (LuceneFiles.holdsOtherFiles(path)) {
                    throw new IndexException(path, "holds other files but no index; give a new or empty directory"
                            + " (is it the image folder?)");
                }
                metadata = new IndexMetadata(model, similarity == null ? Similarity.DOT_PRODUCT : similarity);
            }
            executor = settings.mergeWorkers() > 1 ? Executors.newFixedThreadPool(settings.mergeWorkers(), r -> {
                Thread t = new Thread(r, "clip4j-hnsw-merge");
                t.setDaemon(true);
                return t;
            }) : null;
            IndexWriterConfig config = new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCodec(codec(settings, executor))
                    .setCommitOnClose(false)
                    .setRAMBufferSizeMB(settings.ramBufferMb());
            IndexWriter writer = new IndexWriter(directory, config);
            writer.setLiveCommitData(metadata.toCommitData().entrySet());
            if (!exists) {
                writer.commit();
            }
            return new VectorIndexWriter(path, directory, writer, metadata, executor);
        } catch (IOException e) {
            closeQuietly(directory, executor);
            throw LuceneFiles.failure(path, "cannot be opened for writing", e);
        } catch (RuntimeException e) {
            closeQuietly(directory, executor);
            throw e;
        }
    }

    /** Lucene's default codec with the HNSW parameters of {@code settings}. */
    private static Codec codec(IndexSettings settings, ExecutorService executor) {
        KnnVectorsFormat format = executor == null
                ? new Lucene99HnswVectorsFormat(settings.maxConnections(), settings.beamWidth())
                : new Lucene99HnswVectorsFormat(settings.maxConnections(), settings.beamWidth(),
                        settings.mergeWorkers(), executor);
        return new Lucene103Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }

    /**
     * What this writer records in each commit.
     *
     * @return the index's metadata
     */
    public IndexMetadata metadata() {
        return metadata;
    }

    /**
     * The index directory.
     *
     * @return the path given to {@link #open}
     */
    public Path path() {
        return path;
    }

    /**
     * Adds a file that is not in the index yet (faster than {@link #put}; adding a path twice
     * makes two documents, so use {@link #put} when unsure).
     *
     * @param file the file's metadata
     * @param vector its embedding, any length but zero (stored scaled to unit length)
     */
    public void add(IndexedFile file, float[] vector) {
        float[] unit = IndexSchema.unit(vector, metadata.model().dim(), "vector of " + file.path());
        try {
            writer.addDocument(IndexSchema.document(file, unit, metadata.similarity()));
        } catch (IOException e) {
            throw LuceneFiles.failure(path, "cannot add " + file.path(), e);
        }
    }

    /**
     * Adds a file, or replaces its document when its path is already indexed.
     *
     * @param file the file's metadata
     * @param vector its embedding, any length but zero (stored scaled to unit length)
     */
    public void put(IndexedFile file, float[] vector) {
        float[] unit = IndexSchema.unit(vector, metadata.model().dim(), "vector of " + file.path());
        try {
            writer.updateDocument(IndexSchema.key(file.path()), IndexSchema.document(file, unit, metadata.similarity()));
        } catch (IOException e) {
            throw LuceneFiles.failure(path, "cannot update " + file.path(), e);
        }
    }

    /**
     * Deletes a file's document, if there is one.
     *
     * @param filePath the indexed path
     */
    public void delete(String filePath) {
        try {
            writer.deleteDocuments(IndexSchema.key(filePath));
        } catch (IOException e) {
            throw LuceneFiles.failure(path, "cannot delete " + filePath, e);
        }
    }

    /**
     * Makes every change so far durable and visible to readers opened afterwards.
     */
    public void commit() {
        try {
            writer.setLiveCommitData(metadata.toCommitData().entrySet());
            writer.commit();
        } catch (IOException e) {
            throw LuceneFiles.failure(path, "cannot commit", e);
        }
    }

    /**
     * Merges the index down to at most {@code segments} segments (one HNSW graph each), then
     * commits. Slow for large indexes; searches get faster.
     *
     * @param segments the most segments to leave
     */
    public void forceMerge(int segments) {
        try {
            writer.forceMerge(segments);
            commit();
        } catch (IOException e) {
            throw LuceneFiles.failure(path, "cannot merge", e);
        }
    }

    /**
     * The files in the index as this writer sees it (committed state plus this writer's changes).
     *
     * @return path → file, in index order
     */
    public Map<String, IndexedFile> files() {
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            return IndexSchema.files(reader);
        } catch (IOException e) {
            throw LuceneFiles.failure(path, "cannot be read", e);
        }
    }

    /** A reader of the writer's current state (near-real-time), for the caller to close. */
    DirectoryReader openReader() {
        try {
            return DirectoryReader.open(writer);
        } catch (IOException e) {
            throw LuceneFiles.failure(path, "cannot be read", e);
        }
    }

    @Override
    public synchronized float[] vector(String filePath) {
        try {
            if (snapshot == null) {
                snapshot = DirectoryReader.open(writer);
            }
            return IndexSchema.vector(snapshot, filePath);
        } catch (IOException e) {
            throw LuceneFiles.failure(path, "cannot be read", e);
        }
    }

    @Override
    public String location() {
        return path.toString();
    }

    /**
     * Live documents, including changes not committed yet.
     *
     * @return the document count
     */
    public int documentCount() {
        return writer.getDocStats().numDocs;
    }

    /**
     * Closes the writer, discarding changes made after the last {@link #commit()}, and releases
     * the lock. Idempotent.
     */
    @Override
    public void close() {
        try {
            if (snapshot != null) {
                snapshot.close();
            }
            if (writer.isOpen()) {
                writer.close();
            }
        } catch (IOException e) {
            throw LuceneFiles.failure(path, "cannot be closed", e);
        } finally {
            closeQuietly(directory, mergeExecutor);
        }
    }

    private static void closeQuietly(FSDirectory directory, ExecutorService executor) {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (directory != null) {
            try {
                directory.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
