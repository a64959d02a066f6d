package io.clip4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bench --out` writes the JSON, the Markdown table and a readable PNG chart. */
class BenchReportTest {
    @Test
    void benchWritesItsReport(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new String[] {"bench", "--arch", "text-B-32", "--batch", "1,2", "--iters", "1",
            "--warmup", "0", "--out", dir.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, err.toString());
        String[] lines = out.toString().strip().split("\n");
        assertEquals(2, lines.length);
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        assertEquals("text-B-32", first.get("arch").asText());
        assertTrue(first.get("itemsPerSecond").asDouble() > 0 && first.get("gemmGflops").asDouble() > 0);

        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertEquals(2, json.size());
        assertEquals(2, json.get(1).get("batch").asInt());
        String md = Files.readString(dir.resolve("results.md"));
        assertTrue(md.startsWith("| arch |") && md.contains("| text-B-32 | cpu | fp32 | eager | 1 | 2 |"), md);
        var png = ImageIO.read(dir.resolve("throughput.png").toFile());
        assertEquals(800, png.getWidth());

        // results measured elsewhere (a GPU machine without java.desktop) are re-plotted here
        Path replot = dir.resolve("replot");
        status = Main.run(new String[] {"bench", "--report-from", dir.resolve("results.json").toString(), "--out",
            replot.toString()}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(0, status, err.toString());
        assertEquals(md, Files.readString(replot.resolve("results.md")));
        assertEquals(800, ImageIO.read(replot.resolve("throughput.png").toFile()).getWidth());
    }

    @Test
    void badSettingsAreRefused() {
        StringWriter err = new StringWriter();
        int status = Main.run(new String[] {"bench", "--arch", "ViT-Z-99"}, new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertEquals(1, status);
        assertTrue(err.toString().contains("ViT-Z-99"), err.toString());
    }
}
