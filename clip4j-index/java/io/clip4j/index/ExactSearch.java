package io.clip4j.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Brute-force nearest neighbours: every live vector of one index snapshot in a float32 matrix
 * {@code [n, dim]} on a libtorch device, scored against queries by one matrix product and
 * {@code topk}. Exact, so it is the ground truth for the HNSW search's recall, and fast enough
 * for small collections (the matrix takes {@code 4 · n · dim} bytes of device memory).
 * Owns the matrix: {@link #close()} frees it. Not thread-safe on its own; {@link VectorIndex}
 * guards it.
 */
final class ExactSearch implements AutoCloseable {
    /** Scores of one query chunk are kept under this many floats (256 MB). */
    private static final long MAX_SCORES = 64L << 20;

    private final Tensor matrix;
    private final String[] paths;
    private final int dim;
    private final long version;
    private boolean closed;

    private ExactSearch(Tensor matrix, String[] paths, int dim, long version) {
        this.matrix = matrix;
        this.paths = paths;
        this.dim = dim;
        this.version = version;
    }

    /**
     * Copies every live vector of {@code reader} onto {@code device}.
     *
     * @param reader an index snapshot
     * @param dim the vectors' width
     * @param device {@code cpu}, {@code cuda} or {@code cuda:N}
     * @return the loaded search, owned by the caller
     */
    static ExactSearch load(DirectoryReader reader, int dim, String device) throws IOException {
        List<String> paths = new ArrayList<>();
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            int n = count(reader);
            Tensor host = torch.empty(new long[] {n, dim}, new TensorOptions(ScalarType.Float), new MemoryFormatOptional());
            FloatPointer data = n == 0 ? null : new FloatPointer(host.data_ptr()).capacity((long) n * dim);
            int row = 0;
            for (LeafReaderContext leaf : reader.leaves()) {
                LeafReader r = leaf.reader();
                FloatVectorValues values = r.getFloatVectorValues(IndexSchema.VECTOR);
                if (values == null) {
                    continue;
                }
                Bits live = r.getLiveDocs();
                StoredFields stored = r.storedFields();
                KnnVectorValues.DocIndexIterator it = values.iterator();
                for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                    if (live == null || live.get(doc)) {
                        data.position((long) row * dim).put(values.vectorValue(it.index()), 0, dim);
                        paths.add(stored.document(doc, IndexSchema.PATH_ONLY).get(IndexSchema.PATH));
                        row++;
                    }
                }
            }
            Tensor matrix = device.equals("cpu") ? host : host.to(new Device(device), ScalarType.Float);
            matrix.retainReference(); // owned by this object, released in close()
            return new ExactSearch(matrix, paths.toArray(String[]::new), dim, reader.getVersion());
        }
    }

    private static int count(DirectoryReader reader) throws IOException {
        long n = 0;
        for (LeafReaderContext leaf : reader.leaves()) {
            LeafReader r = leaf.reader();
            FloatVectorValues values = r.getFloatVectorValues(IndexSchema.VECTOR);
            if (values == null) {
                continue;
            }
            Bits live = r.getLiveDocs();
            if (live == null) {
                n += values.size();
                continue;
            }
            KnnVectorValues.DocIndexIterator it = values.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live.get(doc)) {
                    n++;
                }
            }
        }
        return Math.toIntExact(n);
    }

    /** The reader version this matrix was loaded from. */
    long version() {
        return version;
    }

    /** Number of vectors. */
    int size() {
        return paths.length;
    }

    /**
     * The {@code k} best vectors for each query, best first.
     *
     * @param unitQueries queries of unit length, each {@code dim} wide
     * @param k how many hits per query (fewer when the index is smaller)
     * @return one list per query
     */
    List<List<SearchHit>> search(float[][] unitQueries, int k) {
        if (closed) {
            throw new IllegalStateException("exact search already closed");
        }
        List<List<SearchHit>> results = new ArrayList<>(unitQueries.length);
        int n = paths.length;
        int kept = Math.min(k, n);
        if (kept == 0) {
            for (int i = 0; i < unitQueries.length; i++) {
                results.add(List.of());
            }
            return results;
        }
        int chunk = (int) Math.max(1, Math.min(unitQueries.length, MAX_SCORES / n));
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            Device cpu = new Device("cpu");
            Tensor transposed = matrix.t();
            for (int from = 0; from < unitQueries.length; from += chunk) {
                int rows = Math.min(chunk, unitQueries.length - from);
                try (PointerScope chunkScope = new PointerScope()) {
                    FloatPointer q = new FloatPointer((long) rows * dim);
                    for (int r = 0; r < rows; r++) {
                        q.position((long) r * dim).put(unitQueries[from + r], 0, dim);
                    }
                    q.position(0);
                    Tensor queries = torch.from_blob(q, new long[] {rows, dim}, new TensorOptions(ScalarType.Float))
                            .to(matrix.device(), ScalarType.Float);
                    T_TensorTensor_T top = queries.matmul(transposed).topk(kept, 1, true, true);
                    float[] scores = new float[rows * kept];
                    long[] indices = new long[rows * kept];
                    Tensor values = top.get0().to(cpu, ScalarType.Float).contiguous();
                    Tensor positions = top.get1().to(cpu, ScalarType.Long).contiguous();
                    new FloatPointer(values.data_ptr()).capacity(scores.length).get(scores);
                    new LongPointer(positions.data_ptr()).capacity(indices.length).get(indices);
                    for (int r = 0; r < rows; r++) {
                        List<SearchHit> hits = new ArrayList<>(kept);
                        for (int j = 0; j < kept; j++) {
                            hits.add(new SearchHit(paths[(int) indices[r * kept + j]], scores[r * kept + j]));
                        }
                        results.add(hits);
                    }
                }
            }
        }
        return results;
    }

    /** Frees the matrix. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            matrix.close();
        }
    }
}
