package io.clip4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.CliRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers -h/--help with its usage and exits 0, required options or not. */
class HelpTest {
    /** Each command's words from the top, e.g. ["index", "build"], found by walking picocli's tree. */
    private static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        walk(new CommandLine(new Main()), new ArrayList<>(), paths);
        return paths;
    }

    private static void walk(CommandLine command, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().name().equals(name)) {
                return; // an alias
            }
            List<String> next = new ArrayList<>(path);
            next.add(name);
            walk(sub, next, out);
        });
    }

    @Test
    void everyCommandAnswersHelp() throws Exception {
        List<List<String>> paths = commandPaths();
        assertTrue(paths.size() > 20, "walked " + paths);
        assertTrue(paths.contains(List.of("index", "build")) && paths.contains(List.of("shapes", "generate")), paths.toString());
        for (List<String> path : paths) {
            for (String flag : new String[] {"--help", "-h"}) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
                String usage = "Usage: " + String.join(" ", prepend("clip4j", path));
                assertEquals(0, r.status(), args + ": " + r.err());
                assertTrue(r.out().contains(usage), args + " printed: " + r.out() + r.err());
                assertEquals("", r.err(), args.toString());
            }
        }
    }

    @Test
    void helpSubcommandShowsACommandsUsage() throws Exception {
        for (List<String> path : commandPaths()) {
            if (path.size() != 1 || path.get(0).equals("help")) {
                continue;
            }
            CliRunner.Result r = CliRunner.run("help", path.get(0));
            assertEquals(0, r.status(), path + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: clip4j " + path.get(0)), r.out());
        }
        CliRunner.Result top = CliRunner.run("help");
        assertEquals(0, top.status());
        assertTrue(top.out().contains("classify") && top.out().contains("help"), top.out());
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
