package io.clip4j.cli;

import static io.clip4j.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.CliRunner;
import io.clip4j.Fixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI's JSON lines, and its one-line errors with non-zero exit codes. */
class CliTest {
    private static final String MODEL = Fixtures.TINY_CLIP.toString();

    /** {@link CliRunner#run}, and every line the command printed on stdout must be a JSON object. */
    private static CliRunner.Result run(String... args) throws Exception {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(r.out().lines().filter(line -> !line.isBlank()).count(), r.lines().size(),
                "every stdout line is a JSON object: " + r.out());
        return r;
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).floatValue();
        }
        return out;
    }

    @Test
    void tokenizePrintsTheOriginalTokenizersIds() throws Exception {
        JsonNode ref = Fixtures.referenceJson();
        String text = ref.get("texts").get(4).asText();
        CliRunner.Result r = run("tokenize", "--model", MODEL, text);
        assertEquals(0, r.status(), r.err());
        JsonNode line = r.lines().get(0);
        assertEquals(text, line.get("text").asText());
        List<Integer> expected = new ArrayList<>();
        for (JsonNode id : ref.get("tokenizer").get("openai_input_ids").get(4)) {
            expected.add(id.asInt());
            if (id.asInt() == 49407) {
                break;
            }
        }
        List<Integer> actual = new ArrayList<>();
        line.get("ids").forEach(id -> actual.add(id.asInt()));
        assertEquals(expected, actual);
    }

    @Test
    void embedTextPrintsReferenceEmbeddings() throws Exception {
        JsonNode texts = Fixtures.referenceJson().get("texts");
        CliRunner.Result r = run("embed-text", "--model", MODEL, texts.get(0).asText(), texts.get(2).asText());
        assertEquals(0, r.status(), r.err());
        assertEquals(2, r.lines().size());
        float[] expected = Fixtures.reference().floats("text_embeds");
        assertClose(Arrays.copyOfRange(expected, 0, 24), floats(r.lines().get(0).get("embedding")), 1e-4, "text 0");
        assertClose(Arrays.copyOfRange(expected, 48, 72), floats(r.lines().get(1).get("embedding")), 1e-4, "text 2");
    }

    @Test
    void embedPixelsPrintsOneLinePerImage() throws Exception {
        CliRunner.Result r = run("embed-pixels", "--model", MODEL, "--safetensors",
                Fixtures.TINY_CLIP.resolve("reference.safetensors").toString(), "--key", "pixel_values");
        assertEquals(0, r.status(), r.err());
        assertEquals(7, r.lines().size());
        float[] expected = Fixtures.reference().floats("image_embeds");
        for (int i = 0; i < 7; i++) {
            assertEquals(i, r.lines().get(i).get("index").asInt());
            assertClose(Arrays.copyOfRange(expected, 24 * i, 24 * i + 24),
                    floats(r.lines().get(i).get("embedding")), 1e-4, "image " + i);
        }
    }

    @Test
    void embedImageMatchesTheReferenceAndReportsBadInputsPerLine() throws Exception {
        JsonNode names = Fixtures.referenceJson().get("images");
        String images = Fixtures.TINY_CLIP.resolve("images").toString();
        CliRunner.Result r = run("embed-image", "--model", MODEL, "--batch-size", "3",
                images + "/" + names.get(1).asText(), "/no/such/image.png", images + "/" + names.get(0).asText(), "pom.xml");
        assertEquals(1, r.status(), "a failed input makes the exit status 1");
        assertEquals(4, r.lines().size(), r.err());
        float[] expected = Fixtures.reference().floats("image_embeds");
        assertClose(Arrays.copyOfRange(expected, 24, 48), floats(r.lines().get(0).get("embedding")), 1e-3, "image 1");
        assertTrue(r.lines().get(1).get("error").asText().contains("/no/such/image.png"));
        assertClose(Arrays.copyOfRange(expected, 0, 24), floats(r.lines().get(2).get("embedding")), 1e-3, "image 0");
        assertTrue(r.lines().get(3).get("error").asText().contains("pom.xml"));
    }

    @Test
    void embedImageWalksDirectories() throws Exception {
        CliRunner.Result r = run("embed-image", "--model", MODEL, Fixtures.TINY_CLIP.resolve("images").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(8, r.lines().size(), "7 PNGs and one JPEG");
        assertTrue(r.lines().stream().allMatch(l -> l.get("embedding").size() == 24));
    }

    @Test
    void preprocessWritesTheModelInput(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path out = dir.resolve("pixels.safetensors");
        JsonNode names = Fixtures.referenceJson().get("images");
        CliRunner.Result r = run("preprocess", "--model", MODEL, "--out", out.toString(),
                Fixtures.TINY_CLIP.resolve("images").resolve(names.get(2).asText()).toString());
        assertEquals(0, r.status(), r.err());
        try (var written = io.clip4j.internal.SafeTensorsFile.open(out)) {
            float[] expected = Arrays.copyOfRange(Fixtures.reference().floats("pixel_values"), 2 * 3 * 64 * 64, 3 * 3 * 64 * 64);
            assertClose(expected, written.floats("pixel_values"), 0.02, "pixel_values of " + names.get(2).asText());
        }
    }

    @Test
    void infoPrintsTheParsedConfig() throws Exception {
        CliRunner.Result r = run("info", "--model", MODEL);
        assertEquals(0, r.status(), r.err());
        JsonNode config = r.lines().get(0);
        assertEquals(24, config.get("projection_dim").asInt());
        assertEquals(48, config.get("vision_config").get("hidden_size").asInt());
        assertEquals(2, config.get("text_config").get("eos_token_id").asInt());
    }

    @Test
    void errorsAreOneLineOnStderrWithNonZeroStatus(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        CliRunner.Result missingOption = run("embed-text", "hello");
        assertEquals(2, missingOption.status());
        assertOneLine(missingOption.err(), "--model");

        CliRunner.Result badModel = run("embed-text", "--model", "/no/such/model", "hello");
        assertEquals(1, badModel.status());
        assertOneLine(badModel.err(), "/no/such/model");

        CliRunner.Result badDevice = run("embed-text", "--model", MODEL, "--device", "tpu", "hello");
        assertEquals(1, badDevice.status());
        assertOneLine(badDevice.err(), "tpu");

        CliRunner.Result badKey = run("embed-pixels", "--model", MODEL, "--safetensors",
                Fixtures.TINY_CLIP.resolve("reference.safetensors").toString(), "--key", "nope");
        assertEquals(1, badKey.status());
        assertOneLine(badKey.err(), "'nope'");

        java.nio.file.Path pixels224 = dir.resolve("pixels-224.safetensors");
        try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
            io.clip4j.internal.SafeTensorsWriter.write(pixels224,
                    java.util.Map.of("pixel_values_224", org.bytedeco.pytorch.global.torch.zeros(7, 3, 224, 224)), null);
        }
        CliRunner.Result wrongShape = run("embed-pixels", "--model", MODEL, "--safetensors", pixels224.toString(),
                "--key", "pixel_values_224");
        assertEquals(1, wrongShape.status());
        assertOneLine(wrongShape.err(), "[7, 3, 224, 224]");

        CliRunner.Result noCommand = run();
        assertEquals(2, noCommand.status());
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithOrWithoutHelp() throws Exception {
        for (String[] args : List.of(new String[] {"nosuchcommand"}, new String[] {"nosuchcommand", "--help"},
                new String[] {"nosuchcommand", "-h", "x"})) {
            CliRunner.Result r = run(args);
            assertEquals(2, r.status(), String.join(" ", args));
            assertOneLine(r.err(), "'nosuchcommand'");
            assertEquals("", r.out().strip(), "no usage on stdout");
        }
        CliRunner.Result sub = run("video", "nosuch", "--help");
        assertEquals(2, sub.status());
        assertOneLine(sub.err(), "'nosuch' for clip4j video");
        // known commands still answer --help with status 0
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"video", "classify", "--help"},
                new String[] {"embed-text", "--help"})) {
            java.io.StringWriter usage = new java.io.StringWriter();
            assertEquals(0, Main.run(args, new java.io.PrintWriter(usage, true), new java.io.PrintWriter(new java.io.StringWriter(), true)));
            assertTrue(usage.toString().startsWith("Usage: clip4j"), usage.toString());
        }
    }

    private static void assertOneLine(String err, String mentions) {
        String trimmed = err.strip();
        assertTrue(trimmed.startsWith("clip4j: ") && !trimmed.contains("\n"), "one line: " + err);
        assertTrue(trimmed.contains(mentions), "mentions " + mentions + ": " + err);
    }
}
