package io.clip4j.index;

import io.clip4j.ClipException;
import java.util.Locale;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * How the index compares vectors. Both report cosine similarity, because every stored vector and
 * every query is scaled to unit length first (CLIP's embeddings already are); they differ only
 * in what Lucene computes. {@link #DOT_PRODUCT} is the default and the faster one.
 */
public enum Similarity {
    /** Dot product of unit vectors (Lucene's {@code DOT_PRODUCT}). */
    DOT_PRODUCT("dot_product", VectorSimilarityFunction.DOT_PRODUCT),
    /** Cosine, with Lucene normalising at search time (Lucene's {@code COSINE}). */
    COSINE("cosine", VectorSimilarityFunction.COSINE);

    private final String id;
    private final VectorSimilarityFunction lucene;

    Similarity(String id, VectorSimilarityFunction lucene) {
        this.id = id;
        this.lucene = lucene;
    }

    /**
     * The name used on the command line and in the index's commit data.
     *
     * @return {@code dot_product} or {@code cosine}
     */
    public String id() {
        return id;
    }

    /** The Lucene function. */
    VectorSimilarityFunction lucene() {
        return lucene;
    }

    /**
     * Lucene scores both functions as {@code (1 + cosine) / 2} for unit vectors; this undoes it.
     *
     * @param luceneScore a hit's score from a vector query
     * @return the cosine similarity, in [-1, 1]
     */
    static float cosineOf(float luceneScore) {
        return 2f * luceneScore - 1f;
    }

    /**
     * Parses {@code dot_product} (also {@code dot}) or {@code cosine}, in any case.
     *
     * @param text the name
     * @return the similarity
     * @throws ClipException naming the allowed values
     */
    public static Similarity parse(String text) {
        String key = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (key) {
            case "dot", "dot_product" -> DOT_PRODUCT;
            case "cosine" -> COSINE;
            default -> throw new ClipException("similarity must be dot_product or cosine, not '" + text + "'");
        };
    }
}
