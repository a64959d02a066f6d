package io.clip4j.springai;

import io.clip4j.ClipModel;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.DocumentEmbeddingModel;
import org.springframework.ai.embedding.DocumentEmbeddingRequest;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * CLIP as Spring AI's {@link DocumentEmbeddingModel}: each document's image ({@code Media} as
 * bytes or a {@code file:} URI; nothing is fetched) or, without one, its text.
 */
public final class ClipDocumentEmbeddingModel implements DocumentEmbeddingModel {
    private final ClipModel clip;

    /** Embeds with {@code clip}, which stays open while this is used. */
    public ClipDocumentEmbeddingModel(ClipModel clip) {
        this.clip = java.util.Objects.requireNonNull(clip, "clip");
    }

    @Override
    public EmbeddingResponse call(DocumentEmbeddingRequest request) {
        List<Document> documents = request.getInstructions();
        List<Embedding> results = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            results.add(new Embedding(ClipEmbeddings.of(clip, documents.get(i)), i));
        }
        return new EmbeddingResponse(results);
    }

    @Override
    public int dimensions() {
        return clip.config().projectionDim();
    }
}
