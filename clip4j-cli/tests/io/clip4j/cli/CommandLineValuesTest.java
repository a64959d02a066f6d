package io.clip4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ChildJvm;
import io.clip4j.CliRunner;
import io.clip4j.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values a user can get wrong are refused at the command line, in one line naming the option or
 * the input, instead of being accepted, clamped or reported as something else.
 */
class CommandLineValuesTest {
    private static final String MODEL = Fixtures.TINY_CLIP.toString();
    private static final String IMAGE = Fixtures.TINY_CLIP.resolve("images/chelsea.png").toString();

    @TempDir
    Path dir;

    private static void assertUsageError(CliRunner.Result r, String mentions) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().strip().startsWith("clip4j: ") && !r.err().strip().contains("\n"), "one line: " + r.err());
        assertTrue(r.err().contains(mentions), "mentions " + mentions + ": " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void outOfRangeOptionsAreUsageErrorsNamingTheOption() throws Exception {
        for (String k : new String[] {"0", "-5"}) {
            assertUsageError(CliRunner.run("classify", "--model", MODEL, "--labels", "a,b", "--top-k", k, IMAGE), "--top-k");
        }
        assertUsageError(CliRunner.run("classify", "--model", MODEL, "--labels", "a,b", "--multi-label", "--threshold", "5",
                IMAGE), "--threshold");
        assertUsageError(CliRunner.run("embed-text", "--model", MODEL, "--batch-size", "0", "a cat"), "--batch-size");
        assertUsageError(CliRunner.run("serve", "--model", MODEL, "--port", "0", "--drain-seconds", "-1"), "--drain-seconds");
    }

    @Test
    void anEmptyFolderIsAnErrorNotASilentSuccess() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        for (String command : List.of("classify", "embed-image", "moderate")) {
            CliRunner.Result r = command.equals("classify")
                    ? CliRunner.run(command, "--model", MODEL, "--labels", "a,b", empty.toString())
                    : CliRunner.run(command, "--model", MODEL, empty.toString());
            assertEquals(1, r.status(), command + ": " + r.err());
            assertTrue(r.err().strip().startsWith("clip4j: no images in " + empty), command + ": " + r.err());
        }
    }

    @Test
    void aHostThatIsNotThisMachinesIsNamedAsSuch() throws Exception {
        CliRunner.Result r = CliRunner.run("serve", "--model", MODEL, "--host", "192.0.2.1", "--port", "0");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("--host 192.0.2.1 is not an address of this machine"), r.err());
    }

    @Test
    void listeningBeyondLoopbackWithoutKeysWarns() throws Exception {
        // the model cannot load, so the server stops right after starting: enough to see its first lines
        CliRunner.Result open = CliRunner.run("serve", "--model", dir.resolve("no-model").toString(), "--host", "0.0.0.0", "--port", "0");
        assertEquals(1, open.status(), open.err());
        assertTrue(open.err().contains("warning: listening on 0.0.0.0 without API keys"), open.err());
        CliRunner.Result local = CliRunner.run("serve", "--model", dir.resolve("no-model").toString(), "--port", "0");
        assertTrue(!local.err().contains("warning"), local.err());
    }

    @Test
    void anEmptyApiKeyVariableIsAnErrorNotOpenAccess() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(), Map.of("CLIP4J_API_KEYS", ""), 120, Main.class.getName(),
                "serve", "--model", MODEL, "--port", "0");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().strip().equals("clip4j: $CLIP4J_API_KEYS holds no key"), r.err());
    }

    @Test
    void indexBuildReadsOnlyRegularFiles() throws Exception {
        Path fifo = dir.resolve("pipe.jpg");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        CliRunner.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRunner.run("index", "build",
                "--model", MODEL, "--index", dir.resolve("idx").toString(), fifo.toString(), IMAGE));
        assertTrue(r.out().contains(IMAGE) || r.out().contains("\"added\":1"), r.out() + r.err());
        assertTrue((r.out() + r.err()).contains("is not a regular file"), r.out() + r.err());

        // a link that loops is named as such, not as a file that "does not exist"
        Path loop = java.nio.file.Files.createSymbolicLink(dir.resolve("selfloop.jpg"), Path.of("selfloop.jpg"));
        CliRunner.Result l = CliRunner.run("index", "build", "--model", MODEL, "--index", dir.resolve("idx-loop").toString(),
                loop.toString());
        assertTrue((l.out() + l.err()).contains(loop + ": is a symbolic link that loops"), l.out() + l.err());
        CliRunner.Result e = CliRunner.run("embed-image", "--model", MODEL, loop.toString());
        assertTrue((e.out() + e.err()).contains("is a symbolic link that loops"), e.out() + e.err());

        // a pipe named like a video went to FFmpeg, which waited on it forever
        Path video = dir.resolve("pipe.mp4");
        assertEquals(0, new ProcessBuilder("mkfifo", video.toString()).start().waitFor());
        CliRunner.Result v = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRunner.run("index", "build",
                "--model", MODEL, "--index", dir.resolve("idx-video").toString(), video.toString()));
        assertEquals(1, v.status(), v.out() + v.err());
        assertTrue((v.out() + v.err()).contains(video + ": is not a regular file"), v.out() + v.err());
    }
}
