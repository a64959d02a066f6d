package io.clip4j.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.ClipException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs a CLI command object the way {@code Main.run} does (same streams, one-line errors, exit
 * status 1 for a failed job and 2 for a bad command line), for commands not yet registered in Main.
 */
final class CliRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int status, List<JsonNode> lines, String out, String err) {
    }

    private CliRunner() {
    }

    static Result run(Object command, String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(errWriter);
        cli.setParameterExceptionHandler((e, a) -> {
            errWriter.println("clip4j: " + e.getMessage());
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            errWriter.println("clip4j: " + (e instanceof ClipException ? e.getMessage() : e.toString()));
            return 1;
        });
        int status = cli.execute(args);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (line.startsWith("{") && line.endsWith("}")) {
                lines.add(JSON.readTree(line));
            }
        }
        return new Result(status, lines, out.toString(), err.toString());
    }
}
