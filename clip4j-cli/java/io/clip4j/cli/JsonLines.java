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

    /**
     * Prints one line and flushes it; a stream that could not take it (a full disk, a closed pipe)
     * stops the command, so results are never lost with a zero exit status.
     */
    static void print(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (out.checkError()) {
            throw new OutputFailedException();
        }
    }

    /** Standard output stopped taking results. */
    static final class OutputFailedException extends io.clip4j.ClipException {
        OutputFailedException() {
            super(Main.OUTPUT_FAILED);
        }
    }

    static void putFloats(ObjectNode node, String field, float[] values) {
        var array = node.putArray(field);
        for (float v : values) {
            array.add(v);
        }
    }
}
