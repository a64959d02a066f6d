package io.clip4j.serve;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON request bodies into trees and pulls typed fields out of them, turning every problem
 * into a 400 that names the field ({@code malformed_json} for syntax, {@code invalid_request} for
 * shape). Unknown fields are refused, so that a typo does not silently change the request.
 */
final class JsonBodies {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonBodies() {
    }

    /** The body as a JSON object. */
    static JsonNode object(RequestBody body) {
        if (!body.isJson()) {
            throw ApiException.unsupportedMediaType("send the request as application/json, not '"
                    + (body.mediaType().isEmpty() ? "(no Content-Type)" : body.mediaType()) + "'");
        }
        if (body.isEmpty()) {
            throw ApiException.badRequest("malformed_json", "the request body is empty; expected a JSON object");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body.bytes());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed_json", "the request body is not valid JSON: " + describe(e));
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_json", "the request body could not be read as JSON");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.invalid("the request body must be a JSON object, not " + kind(root));
        }
        return root;
    }

    /** Refuses fields other than {@code allowed}. */
    static void onlyFields(JsonNode object, String... allowed) {
        List<String> known = List.of(allowed);
        for (var it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw ApiException.invalid("unknown field '" + name + "'; this route takes " + known);
            }
        }
    }

    /** A required, non-empty array of strings, at most {@code max} long. */
    static List<String> strings(JsonNode object, String field, int max, String limitFlag) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            throw ApiException.invalid("missing field '" + field + "' (an array of strings)");
        }
        if (!node.isArray()) {
            throw ApiException.invalid("'" + field + "' must be an array of strings, not " + kind(node));
        }
        if (node.isEmpty()) {
            throw ApiException.badRequest("empty_input", "'" + field + "' is empty; send at least one item");
        }
        if (node.size() > max) {
            throw ApiException.badRequest("too_many_items", "'" + field + "' has " + node.size() + " items; the server accepts at most "
                    + max + " per request (" + limitFlag + ")");
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                throw ApiException.invalid(field + "[" + i + "] must be a string, not " + kind(item));
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** An optional integer field. */
    static int integer(JsonNode object, String field, int defaultValue) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ApiException.invalid("'" + field + "' must be an integer, not " + kind(node));
        }
        return node.intValue();
    }

    static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Jackson's message without its source excerpt, plus line and column. */
    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
        // Jackson's limit messages end by naming its setting, e.g. "(1000, from `StreamReadConstraints.getMaxNestingDepth()`)"
        message = message.replaceAll(",? ?from `[^`]*`", "");
        int nl = message.indexOf('\n');
        if (nl >= 0) {
            message = message.substring(0, nl);
        }
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        JsonLocation at = e.getLocation();
        return at == null ? message : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
