package io.clip4j.index;

import io.clip4j.ClipException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

/**
 * A clip4j vector index opened for searching: approximate nearest neighbours through Lucene's
 * HNSW graphs ({@link #search}), exact ones by a matrix product on a libtorch device
 * ({@link #searchExact}). Scores are cosine similarities; queries of any length are scaled to
 * unit length first.
 *
 * <pre>{@code
 * try (VectorIndex index = VectorIndex.open(Path.of("photos.idx"))) {
 *     List<SearchHit> hits = index.search(queryEmbedding, 10);
 * }
 * }</pre>
 *
 * <p>The index reads the last commit when opened; {@link #refresh()} picks up later commits (of
 * a build running in another process, say). Safe to use from several threads at once. The exact
 * search loads every vector onto the device on first use (after each refresh that changed the
 * index) and keeps them there until {@link #close()}: {@code 4 · documents · dim} bytes.
 */
public final class VectorIndex implements VectorStore {
    /**
     * Candidates the HNSW search collects per segment when the caller does not say
     * ({@code max(k, this)}); more is slower and finds more of the true neighbours. See the
     * README's benchmark for the trade-off.
     */
    public static final int DEFAULT_CANDIDATES = 100;

    private final Path path;
    private final FSDirectory directory;
    private final SearcherManager searchers;
    private final String exactDevice;
    private volatile IndexMetadata metadata;
    private final ReentrantReadWriteLock exactLock = new ReentrantReadWriteLock();
    private ExactSearch exact; // guarded by exactLock
    private boolean closed; // guarded by exactLock

    private VectorIndex(Path path, FSDirectory directory, SearcherManager searchers, String exactDevice,
                        IndexMetadata metadata) {
        this.path = path;
        this.directory = directory;
        this.searchers = searchers;
        this.exactDevice = exactDevice;
        this.metadata = metadata;
    }

    /**
     * Opens an index for searching, with exact search on the CPU.
     *
     * @param path the index directory
     * @return the open index, for the caller to close
     * @throws IndexException if there is no clip4j index there or it cannot be read
     */
    public static VectorIndex open(Path path) {
        return open(path, "cpu");
    }

    /**
     * Opens an index for searching.
     *
     * @param path the index directory
     * @param exactDevice where {@link #searchExact} keeps the vectors: {@code cpu}, {@code cuda}
     *     or {@code cuda:N} (usually the model's device)
     * @return the open index, for the caller to close
     * @throws IndexException if there is no clip4j index there or it cannot be read
     */
    public static VectorIndex open(Path path, String exactDevice) {
        if (!Files.isDirectory(path)) {
            throw new IndexException(path, Files.exists(path) ? "is a file, not an index directory"
                    : "does not exist; build it with 'clip4j index build'");
        }
        FSDirectory directory = null;
        try {
            directory = FSDirectory.open(path);
            if (!LuceneFiles.hasIndex(path, directory)) {
                throw new IndexException(path, "holds no index; build it with 'clip4j index build'");
            }
            SearcherManager searchers = new SearcherManager(directory, null);
            try {
                return new VectorIndex(path, directory, searchers, exactDevice, readMetadata(path, searchers));
            } catch (RuntimeException e) {
                searchers.close();
                throw e;
            }
        } catch (IOException e) {
            closeQuietly(directory);
            throw LuceneFiles.failure(path, "cannot be opened", e);
        } catch (RuntimeException e) {
            closeQuietly(directory);
            throw e;
        }
    }

    private static IndexMetadata readMetadata(Path path, SearcherManager searchers) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            DirectoryReader reader = (DirectoryReader) searcher.getIndexReader();
            return IndexMetadata.fromCommitData(path, reader.getIndexCommit().getUserData());
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * The index directory.
     *
     * @return the path it was opened from
     */
    public Path path() {
        return path;
    }

    /**
     * The model, embedding size and similarity the index records.
     *
     * @return the metadata of the commit being searched
     */
    public IndexMetadata metadata() {
        return metadata;
    }

    /**
     * Checks that vectors of {@code model} can be searched in this index.
     *
     * @param model the querying model's identity
     * @throws IndexMismatchException naming both models when they differ
     */
    public void requireModel(ModelIdentity model) {
        if (!metadata.model().compatibleWith(model)) {
            throw new IndexMismatchException(path, metadata.model(), model);
        }
    }

    /**
     * Number of indexed images.
     *
     * @return live documents in the commit being searched
     */
    public int size() {
        return withSearcher(s -> s.getIndexReader().numDocs());
    }

    /**
     * The indexed files and their recorded hash, size and time.
     *
     * @return path → file, in index order
     */
    public Map<String, IndexedFile> files() {
        return withSearcher(s -> IndexSchema.files(s.getIndexReader()));
    }

    /**
     * Approximate nearest neighbours by HNSW, collecting {@code max(k, DEFAULT_CANDIDATES)}
     * candidates.
     *
     * @param query a query embedding of the index's width (any length but zero)
     * @param k how many hits to return
     * @return at most {@code k} hits, highest cosine first
     */
    public List<SearchHit> search(float[] query, int k) {
        return search(query, k, Math.max(k, DEFAULT_CANDIDATES));
    }

    /**
     * Approximate nearest neighbours by HNSW.
     *
     * @param query a query embedding of the index's width (any length but zero)
     * @param k how many hits to return
     * @param candidates how many candidates the graph search collects per segment (Lucene's
     *     {@code k}, the {@code ef} of the HNSW paper); at least {@code k}
     * @return at most {@code k} hits, highest cosine first
     * @throws ClipException if {@code k} or {@code candidates} is out of range or the query does
     *     not fit the index
     */
    public List<SearchHit> search(float[] query, int k, int candidates) {
        checkK(k);
        if (candidates < k) {
            throw new ClipException("candidates must be at least k (" + k + "), not " + candidates);
        }
        return hnsw(query, k, candidates, null);
    }

    @Override
    public List<SearchHit> search(float[] query, SearchOptions options) {
        String prefix = options.pathPrefix();
        if (!options.exact()) {
            return hnsw(query, options.k(), options.candidates(), prefix);
        }
        if (prefix == null) {
            return searchExact(query, options.k());
        }
        // every score, then the prefix: still one matrix product, and exact
        return searchExact(query, Integer.MAX_VALUE).stream()
                .filter(hit -> hit.path().startsWith(prefix)).limit(options.k()).toList();
    }

    /** The graph search, among the paths under {@code prefix} when it is not null (Lucene's pre-filter). */
    private List<SearchHit> hnsw(float[] query, int k, int candidates, String prefix) {
        float[] unit = IndexSchema.unit(query, metadata.model().dim(), "query");
        Query filter = prefix == null ? null : new PrefixQuery(new Term(IndexSchema.PATH, prefix));
        return withSearcher(s -> {
            TopDocs top = s.search(new KnnFloatVectorQuery(IndexSchema.VECTOR, unit, candidates, filter), candidates);
            StoredFields stored = s.storedFields();
            List<SearchHit> hits = new ArrayList<>(Math.min(k, top.scoreDocs.length));
            for (ScoreDoc hit : top.scoreDocs) {
                if (hits.size() == k) {
                    break;
                }
                String file = stored.document(hit.doc, IndexSchema.PATH_ONLY).get(IndexSchema.PATH);
                hits.add(new SearchHit(file, Similarity.cosineOf(hit.score)));
            }
            return hits;
        });
    }

    @Override
    public String location() {
        return path.toString();
    }

    /**
     * Exact nearest neighbours: one matrix product of the query with every vector, on the
     * device this index was opened with.
     *
     * @param query a query embedding of the index's width (any length but zero)
     * @param k how many hits to return
     * @return at most {@code k} hits, highest cosine first
     */
    public List<SearchHit> searchExact(float[] query, int k) {
        return searchExact(new float[][] {query}, k).get(0);
    }

    /**
     * Exact nearest neighbours of several queries at once (one matrix product per chunk of queries).
     *
     * @param queries query embeddings of the index's width
     * @param k how many hits per query
     * @return one list of at most {@code k} hits per query, highest cosine first
     */
    public List<List<SearchHit>> searchExact(float[][] queries, int k) {
        checkK(k);
        float[][] unit = new float[queries.length][];
        for (int i = 0; i < queries.length; i++) {
            unit[i] = IndexSchema.unit(queries[i], metadata.model().dim(), "query " + i);
        }
        return withSearcher(s -> {
            long version = ((DirectoryReader) s.getIndexReader()).getVersion();
            exactLock.readLock().lock();
            try {
                if (exact == null || exact.version() != version) {
                    exactLock.readLock().unlock();
                    try {
                        reload((DirectoryReader) s.getIndexReader());
                    } finally {
                        exactLock.readLock().lock();
                    }
                }
                checkOpen();
                return exact.search(unit, k);
            } finally {
                exactLock.readLock().unlock();
            }
        });
    }

    /** Loads the exact matrix for {@code reader}, unless another thread already has. */
    private void reload(DirectoryReader reader) throws IOException {
        exactLock.writeLock().lock();
        try {
            checkOpen();
            if (exact == null || exact.version() != reader.getVersion()) {
                ExactSearch loaded = ExactSearch.load(reader, metadata.model().dim(), exactDevice);
                if (exact != null) {
                    exact.close();
                }
                exact = loaded;
            }
        } finally {
            exactLock.writeLock().unlock();
        }
    }

    /**
     * Switches to the newest commit, if there is one newer than what is being searched.
     *
     * @return true when the index changed
     */
    public boolean refresh() {
        try {
            IndexSearcher before = searchers.acquire();
            long oldVersion;
            try {
                oldVersion = ((DirectoryReader) before.getIndexReader()).getVersion();
            } finally {
                searchers.release(before);
            }
            searchers.maybeRefreshBlocking();
            IndexMetadata now = readMetadata(path, searchers);
            boolean changed = withSearcher(s -> ((DirectoryReader) s.getIndexReader()).getVersion() != oldVersion);
            metadata = now;
            return changed;
        } catch (IOException e) {
            throw LuceneFiles.failure(path, "cannot be refreshed", e);
        }
    }

    /** Closes the index and frees the exact-search matrix. Idempotent. */
    @Override
    public void close() {
        exactLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (exact != null) {
                exact.close();
                exact = null;
            }
        } finally {
            exactLock.writeLock().unlock();
        }
        try {
            searchers.close();
        } catch (IOException e) {
            throw LuceneFiles.failure(path, "cannot be closed", e);
        } finally {
            closeQuietly(directory);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("index " + path + " is closed");
        }
    }

    private static void checkK(int k) {
        if (k < 1) {
            throw new ClipException("k must be at least 1, not " + k);
        }
    }

    @FunctionalInterface
    private interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) {
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (org.apache.lucene.store.AlreadyClosedException e) {
            throw new IllegalStateException("index " + path + " is closed", e);
        } catch (IOException e) {
            throw LuceneFiles.failure(path, "cannot be read", e);
        }
        try {
            return work.apply(searcher);
        } catch (IOException e) {
            throw LuceneFiles.failure(path, "cannot be read", e);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException ignored) {
                // a reader that cannot be released is closed already
            }
        }
    }

    private static void closeQuietly(FSDirectory directory) {
        if (directory != null) {
            try {
                directory.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
