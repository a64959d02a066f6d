package io.clip4j.internal;

import io.clip4j.internal.JsonFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.InvalidModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the JSON files of a model directory, with errors that name the file. */
public final class JsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFiles() {
    }

    /**
     * The file's top-level JSON object.
     *
     * @throws InvalidModelException naming the file when it is missing, unreadable, malformed or
     *     not an object
     */
    public static JsonNode readObject(Path file) {
        JsonNode root;
        ModelFiles.requireRegular(file);
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidModelException(file, "is not UTF-8 text (JSON files are UTF-8)", e);
        } catch (NoSuchFileException e) {
            throw new InvalidModelException(file, "file not found");
        } catch (JsonProcessingException e) {
            throw new InvalidModelException(file, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidModelException(file, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidModelException(file, "expected a JSON object");
        }
        return root;
    }
}
