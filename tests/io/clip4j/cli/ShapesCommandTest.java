package io.clip4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clip4j shapes generate}, run in-process through Main. */
class ShapesCommandTest {
    @TempDir
    Path dir;

    private static CliRunner.Result run(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "shapes";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRunner.run(all);
    }

    @Test
    void generatesAndPrintsASummaryLine() throws Exception {
        Path out = dir.resolve("shapes");
        CliRunner.Result r = run("generate", "--out", out.toString(), "--count", "10", "--seed", "4", "--pairs", "held-out", "--size", "80");
        assertEquals(0, r.status(), r.err());
        JsonNode line = new ObjectMapper().readTree(r.out().strip());
        assertEquals(10, line.get("images").asInt());
        assertEquals("held-out", line.get("pairs").asText());
        assertEquals(80, line.get("size").asInt());
        assertEquals(8, line.get("distinct_pairs").asInt());
        assertEquals(11, Files.readAllLines(out.resolve("data.csv")).size());
        assertTrue(Files.exists(out.resolve("images/000009.png")));
    }

    @Test
    void defaultsToSeenPairs() throws Exception {
        CliRunner.Result r = run("generate", "--out", dir.resolve("d").toString(), "--count", "3");
        assertEquals(0, r.status(), r.err());
        assertEquals("seen", new ObjectMapper().readTree(r.out().strip()).get("pairs").asText());
    }

    @Test
    void shadesAndOutlinesChangeOnlyThePixelsAndShadesAreBounded() throws Exception {
        Path exact = dir.resolve("exact");
        assertEquals(0, run("generate", "--out", exact.toString(), "--count", "6", "--seed", "2").status());
        for (String style : new String[] {"--shades=1", "--outline"}) {
            Path styled = dir.resolve(style.replaceAll("\\W", ""));
            CliRunner.Result r = run("generate", "--out", styled.toString(), "--count", "6", "--seed", "2", style);
            assertEquals(0, r.status(), r.err());
            assertEquals(Files.readAllLines(exact.resolve("data.csv")), Files.readAllLines(styled.resolve("data.csv")),
                    style + ": same captions (a shade keeps its colour's name)");
            assertFalse(java.util.Arrays.equals(Files.readAllBytes(exact.resolve("images/000000.png")),
                    Files.readAllBytes(styled.resolve("images/000000.png"))), style + ": the pixels differ");
        }
        CliRunner.Result bad = run("generate", "--out", dir.resolve("bad").toString(), "--count", "6", "--shades", "4");
        assertEquals(1, bad.status());
        assertEquals("clip4j: shade spread must be between 0 and 3.0, got 4.0", bad.err().strip());
    }

    @Test
    void badPairSetAndMissingSubcommandAreUsageErrors() throws Exception {
        CliRunner.Result r = run("generate", "--out", dir.toString(), "--count", "3", "--pairs", "unseen");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("seen, held-out or all"), r.err());
        assertEquals(2, run().status());
    }
}
