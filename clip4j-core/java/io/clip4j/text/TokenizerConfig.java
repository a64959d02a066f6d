package io.clip4j.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.InvalidModelException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one setting clip4j takes from a Hugging Face {@code tokenizer_config.json}: the padding
 * token, written either as a string or as an object with a {@code "content"} string.
 */
final class TokenizerConfig {
    private TokenizerConfig() {
    }

    /** The {@code pad_token} of the file, or empty if it has none (absent or null). */
    static Optional<String> padToken(Path file) {
        JsonNode root = BpeVocabularyLoader.readJson(file);
        if (!root.isObject()) {
            throw new InvalidModelException(file, "expected a JSON object");
        }
        JsonNode pad = root.get("pad_token");
        if (pad == null || pad.isNull()) {
            return Optional.empty();
        }
        if (pad.isTextual()) {
            return Optional.of(pad.asText());
        }
        JsonNode content = pad.isObject() ? pad.get("content") : null;
        if (content != null && content.isTextual()) {
            return Optional.of(content.asText());
        }
        throw new InvalidModelException(file,
                "pad_token must be a string or an object with a string 'content', got " + pad);
    }
}
