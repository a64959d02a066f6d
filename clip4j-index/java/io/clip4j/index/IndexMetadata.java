package io.clip4j.index;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an index records about itself, in the user data of every Lucene commit (so it is written
 * atomically with the documents it describes): the format version, the model whose embeddings
 * it holds and the similarity its vectors are compared with.
 *
 * @param model the model the vectors came from
 * @param similarity how vectors are compared
 */
public record IndexMetadata(ModelIdentity model, Similarity similarity) {
    /** The layout of documents and commit data this version writes and reads. */
    public static final int FORMAT = 1;

    static final String KEY_FORMAT = "clip4j.format";
    static final String KEY_MODEL_NAME = "clip4j.model.name";
    static final String KEY_MODEL_DIR = "clip4j.model.directory";
    static final String KEY_FINGERPRINT = "clip4j.model.fingerprint";
    static final String KEY_DIM = "clip4j.dim";
    static final String KEY_SIMILARITY = "clip4j.similarity";

    /** Checks the fields. */
    public IndexMetadata {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(similarity, "similarity");
    }

    /**
     * A unit-length copy of {@code vector}, checked against this index: its width, finite, not zero.
     *
     * @param vector an embedding or query
     * @param what what it is, for the message
     * @return the unit vector
     * @throws io.clip4j.ClipException naming {@code what} when the vector cannot be used
     */
    public float[] unitVector(float[] vector, String what) {
        return IndexSchema.unit(vector, model.dim(), what);
    }

    /**
     * Checks that vectors of {@code given} can go into or be searched in this index.
     *
     * @param location the index, for the message (a directory, or a URL without credentials)
     * @param given the model that embeds what is written or searched
     * @throws IndexMismatchException naming both models when they differ
     */
    public void requireModel(String location, ModelIdentity given) {
        if (!model.compatibleWith(given)) {
            throw new IndexMismatchException(location, model, given);
        }
    }

    /**
     * The entries written into each commit's user data.
     *
     * @return an ordered map of {@code clip4j.*} keys
     */
    Map<String, String> toCommitData() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(KEY_FORMAT, Integer.toString(FORMAT));
        data.put(KEY_MODEL_NAME, model.name());
        data.put(KEY_MODEL_DIR, model.directory());
        data.put(KEY_FINGERPRINT, model.fingerprint());
        data.put(KEY_DIM, Integer.toString(model.dim()));
        data.put(KEY_SIMILARITY, similarity.id());
        return data;
    }

    /**
     * Reads the metadata from a commit's user data.
     *
     * @param directory the index directory, for messages
     * @param data the commit's user data
     * @return the metadata
     * @throws IndexException naming the missing or malformed key, or when the format is not this version's
     */
    static IndexMetadata fromCommitData(Path directory, Map<String, String> data) {
        if (!data.containsKey(KEY_FORMAT)) {
            throw new IndexException(directory, "is a Lucene index but not a clip4j index (its commit data has no '"
                    + KEY_FORMAT + "')");
        }
        int format = integer(directory, data, KEY_FORMAT);
        if (format != FORMAT) {
            throw new IndexException(directory, "has format " + format + " but this clip4j reads format " + FORMAT);
        }
        int dim = integer(directory, data, KEY_DIM);
        if (dim < 1) {
            throw new IndexException(directory, "commit data field '" + KEY_DIM + "' must be positive, not " + dim);
        }
        Similarity similarity;
        try {
            similarity = Similarity.parse(required(directory, data, KEY_SIMILARITY));
        } catch (RuntimeException e) {
            throw new IndexException(directory, "commit data field '" + KEY_SIMILARITY + "': " + e.getMessage(), e);
        }
        ModelIdentity model = new ModelIdentity(required(directory, data, KEY_MODEL_NAME),
                required(directory, data, KEY_MODEL_DIR), required(directory, data, KEY_FINGERPRINT), dim);
        return new IndexMetadata(model, similarity);
    }

    private static String required(Path directory, Map<String, String> data, String key) {
        String value = data.get(key);
        if (value == null) {
            throw new IndexException(directory, "commit data lacks the field '" + key + "'");
        }
        return value;
    }

    private static int integer(Path directory, Map<String, String> data, String key) {
        String value = required(directory, data, key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IndexException(directory, "commit data field '" + key + "' must be an integer, not '" + value + "'");
        }
    }
}
