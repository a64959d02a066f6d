package io.clip4j.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ContentType;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * CLIP as a LangChain4j {@link EmbeddingModel}, in process: texts and images go into one
 * embedding space, so a store filled with image embeddings answers text queries.
 *
 * <pre>{@code
 * try (ClipModel clip = ClipModel.load(dir)) {
 *     EmbeddingModel model = new ClipEmbeddingModel(clip);
 *     Embedding text = model.embed("a red circle").content();
 *     Embedding image = model.embed(EmbeddingRequest.builder()
 *             .inputs(List.of(EmbeddingInput.from(new ImageContent(Path.of("cat.png").toUri())))).build())
 *             .embeddings().get(0);
 * }
 * }</pre>
 *
 * <p>Each input is one text ({@code TextSegment}, {@code TextContent}) or one image
 * ({@code ImageContent} with base64 data or a {@code file:} URI); remote URLs are refused, since
 * nothing is fetched. {@link #dimension()} is the model's width, known without encoding. The
 * caller owns the {@link ClipModel} and closes it.
 */
public final class ClipEmbeddingModel implements EmbeddingModel {
    private final ClipModel clip;

    /** Embeds with {@code clip}, which the caller keeps open while this is used. */
    public ClipEmbeddingModel(ClipModel clip) {
        this.clip = java.util.Objects.requireNonNull(clip, "clip");
    }

    @Override
    public EmbeddingResponse doEmbed(EmbeddingRequest request) {
        List<EmbeddingInput> inputs = request.inputs();
        float[][] vectors = new float[inputs.size()][];
        List<Integer> textRows = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Content content = single(inputs.get(i), i);
            if (content instanceof TextContent text) {
                textRows.add(i);
                texts.add(text.text());
                tokens += clip.tokenizer().tokenize(text.text()).length;
            } else if (content instanceof ImageContent image) {
                try (Embeddings e = embedImage(image.image(), i)) {
                    vectors[i] = e.row(0);
                }
            } else {
                throw new ClipException("input " + i + " is " + content.type() + "; CLIP embeds text and images");
            }
        }
        if (!texts.isEmpty()) {
            try (Embeddings e = clip.embedTexts(texts)) {
                for (int j = 0; j < texts.size(); j++) {
                    vectors[textRows.get(j)] = e.row(j);
                }
            }
        }
        List<Embedding> embeddings = new ArrayList<>(vectors.length);
        for (float[] v : vectors) {
            embeddings.add(Embedding.from(v));
        }
        return EmbeddingResponse.builder().embeddings(embeddings).modelName(modelName())
                .tokenUsage(new TokenUsage(tokens)).build();
    }

    private static Content single(EmbeddingInput input, int index) {
        List<Content> contents = input.contents();
        if (contents.size() != 1) {
            throw new ClipException("input " + index + " has " + contents.size() + " contents; CLIP embeds one text or"
                    + " one image per input");
        }
        return contents.get(0);
    }

    private Embeddings embedImage(Image image, int index) {
        if (image.base64Data() != null) {
            return clip.embedImage(Base64.getDecoder().decode(image.base64Data()));
        }
        URI url = image.url();
        if (url != null && "file".equalsIgnoreCase(url.getScheme())) {
            return clip.embedImageFiles(List.of(Path.of(url)));
        }
        throw new ClipException("input " + index + " is an image at " + url + ": give base64 data or a file: URI"
                + " (nothing is fetched from the network)");
    }

    @Override
    public Set<ContentType> supportedContentTypes() {
        return Set.of(ContentType.TEXT, ContentType.IMAGE);
    }

    @Override
    public int dimension() {
        return clip.config().projectionDim();
    }

    @Override
    public String modelName() {
        Path name = clip.directory().getFileName();
        return name == null ? "clip" : name.toString();
    }
}
