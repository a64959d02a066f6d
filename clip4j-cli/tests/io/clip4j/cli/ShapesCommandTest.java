package io.clip4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.CliRunner;
import io.clip4j.shapes.ShapeStyle;
import io.clip4j.train.ShapesDemo;
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
        assertEquals(0, run("generate", "--out", exact.toString(), "--count", "6", "--seed", "2", "--plain").status());
        for (String[] style : new String[][] {{"--shades=1", "--no-outline"}, {"--shades=0", "--outline"}}) {
            Path styled = dir.resolve(String.join("", style).replaceAll("\\W", ""));
            CliRunner.Result r = run("generate", "--out", styled.toString(), "--count", "6", "--seed", "2", style[0], style[1]);
            assertEquals(0, r.status(), r.err());
            assertEquals(Files.readAllLines(exact.resolve("data.csv")), Files.readAllLines(styled.resolve("data.csv")),
                    style[0] + style[1] + ": same captions (a shade keeps its colour's name)");
            assertFalse(java.util.Arrays.equals(Files.readAllBytes(exact.resolve("images/000000.png")),
                    Files.readAllBytes(styled.resolve("images/000000.png"))), style[0] + style[1] + ": the pixels differ");
        }
        CliRunner.Result bad = run("generate", "--out", dir.resolve("bad").toString(), "--count", "6", "--shades", "4");
        assertEquals(1, bad.status());
        assertEquals("clip4j: shade spread must be between 0 and 3.0, got 4.0", bad.err().strip());
    }

    @Test
    void defaultsDrawTheDemoModelsStyle() throws Exception {
        ShapesDemo.Settings demo = ShapesDemo.Settings.defaults();
        Path byDefault = dir.resolve("default");
        Path asDemo = dir.resolve("demo");
        Path plain = dir.resolve("plain");
        assertEquals(0, run("generate", "--out", byDefault.toString(), "--count", "4", "--seed", "3").status());
        assertEquals(0, run("generate", "--out", asDemo.toString(), "--count", "4", "--seed", "3",
                "--shades", Double.toString(demo.shadeSpread()), demo.outline() ? "--outline" : "--no-outline").status());
        assertEquals(0, run("generate", "--out", plain.toString(), "--count", "4", "--seed", "3", "--plain").status());
        for (int i = 0; i < 4; i++) {
            String image = String.format("images/%06d.png", i);
            assertArrayEquals(Files.readAllBytes(asDemo.resolve(image)), Files.readAllBytes(byDefault.resolve(image)), image);
            assertTrue(inkPixels(byDefault.resolve(image)) > 20, image + " has the demo's cyan outline");
            assertEquals(0, inkPixels(plain.resolve(image)), image + " --plain has no outline");
        }
        CliRunner.Result mixed = run("generate", "--out", dir.resolve("mixed").toString(), "--count", "1", "--plain", "--outline");
        assertEquals(2, mixed.status());
        assertTrue(mixed.err().contains("--plain cannot be combined"), mixed.err());
    }

    /** Pixels of exactly the outline's ink. */
    private static int inkPixels(Path png) throws java.io.IOException {
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        int ink = (ShapeStyle.INK.array()[0] << 16) | (ShapeStyle.INK.array()[1] << 8) | ShapeStyle.INK.array()[2];
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                count += (image.getRGB(x, y) & 0xffffff) == ink ? 1 : 0;
            }
        }
        return count;
    }

    @Test
    void badPairSetAndMissingSubcommandAreUsageErrors() throws Exception {
        CliRunner.Result r = run("generate", "--out", dir.toString(), "--count", "3", "--pairs", "unseen");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("seen, held-out or all"), r.err());
        assertEquals(2, run().status());
    }
}
