package io.clip4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code bin/clip4j}'s entry point in-process and collects its exit status and output. */
public final class CliRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Exit status, the JSON lines of stdout, and both streams as text. */
    public record Result(int status, List<JsonNode> lines, String out, String err) {
    }

    private CliRunner() {
    }

    /** Runs {@code clip4j ARGS...}. */
    public static Result run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (line.startsWith("{") && line.endsWith("}")) {
                lines.add(JSON.readTree(line));
            }
        }
        return new Result(status, lines, out.toString(), err.toString());
    }
}
