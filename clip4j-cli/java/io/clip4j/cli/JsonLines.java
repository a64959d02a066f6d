package io.clip4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Writes one JSON object per line, so output pipes into {@code jq}. */
final class JsonLines {
    static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static void print(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void putFloats(ObjectNode node, String field, float[] values) {
        var array = node.putArray(field);
        for (float v : values) {
            array.add(v);
        }
    }
}
