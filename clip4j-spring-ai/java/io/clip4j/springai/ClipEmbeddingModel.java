package io.clip4j.springai;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * CLIP as Spring AI's {@link EmbeddingModel}, in process: texts, and documents (an image
 * {@code Media} is embedded as the image, into the same space as the texts). The caller (or the
 * auto-configuration) owns the {@link ClipModel}.
 */
public final class ClipEmbeddingModel implements EmbeddingModel {
    private final ClipModel clip;

    /** Embeds with {@code clip}, which stays open while this is used. */
    public ClipEmbeddingModel(ClipModel clip) {
        this.clip = java.util.Objects.requireNonNull(clip, "clip");
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
        List<String> texts = request.getInstructions();
        List<Embedding> results = new ArrayList<>(texts.size());
        try (Embeddings e = clip.embedTexts(texts)) {
            for (int i = 0; i < texts.size(); i++) {
                results.add(new Embedding(e.row(i), i));
            }
        }
        return new EmbeddingResponse(results);
    }

    @Override
    public float[] embed(Document document) {
        return ClipEmbeddings.of(clip, document);
    }

    /** The model's width, without encoding anything (Spring AI's default embeds a test string). */
    @Override
    public int dimensions() {
        return clip.config().projectionDim();
    }
}
