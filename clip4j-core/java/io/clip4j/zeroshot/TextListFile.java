package io.clip4j.zeroshot;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.ClipException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a list of strings from a small text file in one of three forms: one entry per line
 * (blank lines and lines starting with {@code #} skipped, surrounding whitespace trimmed), a
 * JSON array of strings, or a JSON object holding such an array under a named field. A file
 * whose first non-blank character is {@code [} or <code>{</code> is read as JSON. Each entry
 * comes back with where it was found ({@code line 7}, {@code [2]}, {@code templates[2]}) so
 * that callers can name it in their errors.
 */
final class TextListFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** One entry and where it was found. */
    record Entry(String text, String where) {
    }

    private TextListFile() {
    }

    /**
     * The entries of {@code file}.
     *
     * @param fields the names under which a JSON object may hold the array, in order of preference
     * @throws PromptFileException if the file is missing, unreadable, not UTF-8, malformed JSON, or
     *     a JSON object without any of {@code fields} as an array of strings
     */
    static List<Entry> read(Path file, List<String> fields) {
        if (file == null) {
            throw new ClipException("file must not be null");
        }
        if (!Files.exists(file)) {
            throw new PromptFileException(file, "file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new PromptFileException(file, "not a regular file");
        }
        String text;
        try {
            // A strict decoder: malformed bytes are an error, not silently replaced.
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new PromptFileException(file, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new PromptFileException(file, "cannot be read: " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String start = text.stripLeading();
        if (start.startsWith("[") || start.startsWith("{")) {
            return readJson(file, text, fields);
        }
        return readLines(text);
    }

    private static List<Entry> readLines(String text) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                entries.add(new Entry(line, "line " + (i + 1)));
            }
        }
        return entries;
    }

    private static List<Entry> readJson(Path file, String text, List<String> fields) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new PromptFileException(file, "malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        String prefix = "";
        JsonNode array = root;
        if (root.isObject()) {
            array = null;
            for (String field : fields) {
                if (root.has(field)) {
                    array = root.get(field);
                    prefix = field;
                    break;
                }
            }
            if (array == null) {
                throw new PromptFileException(file, "JSON object has no \"" + String.join("\" or \"", fields)
                        + "\" field");
            }
            if (!array.isArray()) {
                throw new PromptFileException(file, "\"" + prefix + "\" must be an array of strings, not "
                        + array.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            String where = prefix + "[" + i + "]";
            if (!element.isTextual()) {
                throw new PromptFileException(file, where + " must be a string, not "
                        + element.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
            entries.add(new Entry(element.asText(), where));
        }
        return entries;
    }
}
