package io.clip4j.index;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import java.util.List;
import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Text→image and image→image search: a model embeds the query, an index finds the nearest
 * images in a {@link VectorStore} (Lucene or PostgreSQL with pgvector). This is what the
 * {@code index search} command and a server's search route call.
 *
 * <pre>{@code
 * try (ClipModel clip = ClipModel.load(modelDir);
 *      VectorStore index = VectorStores.open(location, clip.options().device())) {
 *     ImageSearch search = new ImageSearch(clip, index);
 *     List<SearchHit> hits = search.byText("a dog on a beach", SearchOptions.top(10));
 * }
 * }</pre>
 *
 * <p>Holds neither resource: the caller closes the model and the index. Safe to use from several
 * threads at once, like both of them.
 */
public final class ImageSearch {
    private final ClipModel model;
    private final VectorStore index;
    private final ModelIdentity identity;

    /**
     * Pairs a model with an index built from its embeddings.
     *
     * @param model the model that embeds queries
     * @param index the index to search
     * @throws IndexMismatchException if the index was built with another model
     */
    public ImageSearch(ClipModel model, VectorStore index) {
        this.model = Objects.requireNonNull(model, "model");
        this.index = Objects.requireNonNull(index, "index");
        this.identity = ModelIdentity.of(model);
        index.requireModel(identity);
    }

    /**
     * Images that match a text.
     *
     * @param text the query, embedded as it is (no prompt template)
     * @param options k, exact or HNSW, candidates
     * @return hits, highest cosine first
     */
    public List<SearchHit> byText(String text, SearchOptions options) {
        if (text == null || text.isBlank()) {
            throw new ClipException("query text must not be blank");
        }
        try (Embeddings query = model.embedTexts(List.of(text))) {
            return byVector(query.row(0), options);
        }
    }

    /**
     * Images that look like an image.
     *
     * @param bgr an 8-bit BGR image (e.g. from {@code ImageDecoder}), read in place
     * @param options k, exact or HNSW, candidates
     * @return hits, highest cosine first (an indexed copy of the image itself scores 1)
     */
    public List<SearchHit> byImage(Mat bgr, SearchOptions options) {
        try (Embeddings query = model.embedImages(List.of(bgr))) {
            return byVector(query.row(0), options);
        }
    }

    /**
     * Images near an embedding of this model.
     *
     * @param embedding a query vector of the model's width
     * @param options k, exact or HNSW, candidates
     * @return hits, highest cosine first
     */
    public List<SearchHit> byVector(float[] embedding, SearchOptions options) {
        index.requireModel(identity); // the index may have been refreshed to another build
        return index.search(embedding, options);
    }

    /**
     * The index searched.
     *
     * @return the index given to the constructor
     */
    public VectorStore index() {
        return index;
    }

    /**
     * The model that embeds queries.
     *
     * @return the model given to the constructor
     */
    public ClipModel model() {
        return model;
    }
}
