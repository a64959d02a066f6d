package io.clip4j.index;

import io.clip4j.ClipException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;

/**
 * The Lucene document of one image: the path (indexed as a keyword, the document's key), the
 * content hash, size and modification time (stored), and the unit-length embedding (an HNSW
 * vector field). Also the reads every part of the index needs: all files, one file's vector.
 */
final class IndexSchema {
    static final String PATH = "path";
    static final String SHA256 = "sha256";
    static final String SIZE = "size";
    static final String MODIFIED = "modified";
    static final String VECTOR = "vector";
    static final Set<String> STORED = Set.of(PATH, SHA256, SIZE, MODIFIED);
    static final Set<String> PATH_ONLY = Set.of(PATH);

    private IndexSchema() {
    }

    /** The term that finds a file's document. */
    static Term key(String path) {
        return new Term(PATH, path);
    }

    /** The document of {@code file} with an already unit-length vector. */
    static Document document(IndexedFile file, float[] unitVector, Similarity similarity) {
        Document doc = new Document();
        doc.add(new StringField(PATH, file.path(), Field.Store.YES));
        doc.add(new StoredField(SHA256, file.sha256()));
        doc.add(new StoredField(SIZE, file.size()));
        doc.add(new StoredField(MODIFIED, file.modifiedMillis()));
        doc.add(new KnnFloatVectorField(VECTOR, unitVector, similarity.lucene()));
        return doc;
    }

    /** The file a stored document describes. */
    static IndexedFile file(Document doc) {
        return new IndexedFile(doc.get(PATH), doc.get(SHA256), number(doc.getField(SIZE)), number(doc.getField(MODIFIED)));
    }

    private static long number(IndexableField field) {
        return field == null || field.numericValue() == null ? -1 : field.numericValue().longValue();
    }

    /**
     * A unit-length copy of {@code vector}, checked: {@code dim} wide, finite, not zero.
     *
     * @throws ClipException naming {@code what} when the vector cannot be used
     */
    static float[] unit(float[] vector, int dim, String what) {
        if (vector == null) {
            throw new ClipException(what + " must not be null");
        }
        if (vector.length != dim) {
            throw new ClipException(what + " has " + vector.length + " dimensions but the index holds " + dim
                    + "-dimensional vectors");
        }
        double sum = 0;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new ClipException(what + " holds a value that is not finite: " + v);
            }
            sum += (double) v * v;
        }
        if (sum == 0) {
            throw new ClipException(what + " is all zeros and has no direction to compare");
        }
        float inverse = (float) (1 / Math.sqrt(sum));
        float[] out = new float[dim];
        for (int i = 0; i < dim; i++) {
            out[i] = vector[i] * inverse;
        }
        return out;
    }

    /** Every live document's file, keyed by path, in index order. */
    static Map<String, IndexedFile> files(IndexReader reader) throws IOException {
        Map<String, IndexedFile> files = new LinkedHashMap<>();
        for (LeafReaderContext leaf : reader.leaves()) {
            LeafReader r = leaf.reader();
            Bits live = r.getLiveDocs();
            StoredFields stored = r.storedFields();
            for (int doc = 0; doc < r.maxDoc(); doc++) {
                if (live == null || live.get(doc)) {
                    IndexedFile file = file(stored.document(doc, STORED));
                    files.put(file.path(), file);
                }
            }
        }
        return files;
    }

    /** The stored vector of the live document with this path, or null when there is none. */
    static float[] vector(IndexReader reader, String path) throws IOException {
        Term key = key(path);
        for (LeafReaderContext leaf : reader.leaves()) {
            LeafReader r = leaf.reader();
            var postings = r.postings(key);
            if (postings == null) {
                continue;
            }
            Bits live = r.getLiveDocs();
            for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                FloatVectorValues values = r.getFloatVectorValues(VECTOR);
                if (values == null) {
                    return null;
                }
                KnnVectorValues.DocIndexIterator it = values.iterator();
                if (it.advance(doc) == doc) {
                    return values.vectorValue(it.index()).clone();
                }
            }
        }
        return null;
    }
}
