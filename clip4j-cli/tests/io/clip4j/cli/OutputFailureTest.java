package io.clip4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.Fixtures;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results never vanish with a zero exit status: a standard output that refuses them (a full disk,
 * here {@code /dev/full}) ends the command with status 1 and one line, and an output path that is
 * a device, a pipe or a link is refused rather than replaced by a regular file. Child JVMs, since stdout is the point.
 */
class OutputFailureTest {
    private static final File FULL = new File("/dev/full");

    @TempDir
    Path dir;

    private record Run(int status, String err) {
    }

    private Run clip4j(File stdout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(io.clip4j.ChildJvm.javaBinary(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout).redirectError(err.toFile());
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        int status = builder.start().waitFor();
        return new Run(status, Files.readString(err));
    }

    private static void assertOneLine(Run r, String mentions) {
        String line = r.err().strip();
        assertTrue(line.startsWith("clip4j: ") && !line.contains("\n") && line.contains(mentions), r.err());
    }

    @Test
    void aFullStandardOutputIsAnError() throws Exception {
        String model = Fixtures.TINY_CLIP.toString();
        Run text = clip4j(FULL, "embed-text", "--model", model, "a cat", "a dog");
        assertEquals(1, text.status());
        assertOneLine(text, "cannot write the results to standard output");
        Run images = clip4j(FULL, "embed-image", "--model", model, Fixtures.IMAGES.toString());
        assertEquals(1, images.status());
        assertOneLine(images, "cannot write the results to standard output");
        Run tokens = clip4j(FULL, "tokenize", "--model", model, "hello");
        assertEquals(1, tokens.status());
        assertOneLine(tokens, "standard output");
        // the same commands into a file: status 0, nothing on stderr
        Run ok = clip4j(dir.resolve("out.jsonl").toFile(), "embed-text", "--model", model, "a cat");
        assertEquals(0, ok.status(), ok.err());
        assertEquals(1, Files.readAllLines(dir.resolve("out.jsonl")).size());
    }

    @Test
    void anOutputThatIsNoRegularFileIsRefusedNotReplaced() throws Exception {
        // a pipe in the test's folder stands for /dev/full (which the unfixed rename replaced with a regular file)
        Path fifo = dir.resolve("out.safetensors");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path link = dir.resolve("link.safetensors");
        Files.createSymbolicLink(link, dir.resolve("elsewhere.safetensors"));
        for (Path target : List.of(fifo, link)) {
            Run r = clip4j(dir.resolve("stdout.txt").toFile(), "preprocess", "--model", Fixtures.TINY_CLIP.toString(),
                    "--out", target.toString(), Fixtures.IMAGES.resolve("chelsea.png").toString());
            assertEquals(1, r.status(), r.err());
            assertOneLine(r, target.toString());
            assertFalse(Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS), target + " was replaced");
        }
        assertTrue(Files.isSymbolicLink(link));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".partial")), "no temporary file left");
        }
    }
}
