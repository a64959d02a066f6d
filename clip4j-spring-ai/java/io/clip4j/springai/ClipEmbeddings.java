package io.clip4j.springai;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.springframework.ai.content.Media;
import org.springframework.ai.document.Document;

/** What both Spring AI models share: a document's embedding, an image's or its text's. */
final class ClipEmbeddings {
    private ClipEmbeddings() {
    }

    /** The unit embedding of {@code document}: its image when it carries one, else its text. */
    static float[] of(ClipModel clip, Document document) {
        Media media = document.getMedia();
        if (media == null) {
            try (Embeddings e = clip.embedTexts(List.of(document.getText()))) {
                return e.row(0);
            }
        }
        if (!media.getMimeType().getType().equals("image")) {
            throw new ClipException("document " + document.getId() + " carries " + media.getMimeType() + "; CLIP embeds images and text");
        }
        try (Embeddings e = image(clip, media, document.getId())) {
            return e.row(0);
        }
    }

    private static Embeddings image(ClipModel clip, Media media, String id) {
        Object data = media.getData();
        if (data instanceof byte[] bytes) {
            return clip.embedImage(bytes);
        }
        if (data instanceof String text && text.startsWith("file:")) {
            return clip.embedImageFiles(List.of(Path.of(URI.create(text))));
        }
        throw new ClipException("document " + id + ": the image must be bytes or a file: URI, not " + data
                + " (nothing is fetched from the network)");
    }
}
