package io.clip4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ChildJvm;
import io.clip4j.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A CPU command run as a user runs it prints only its results: no libtorch warnings (such as
 * NNPACK's "Could not initialize NNPACK! Reason: Unsupported hardware.") on stderr.
 */
class QuietStderrTest {
    @Test
    void classifyingAnImagePrintsNothingOnStderr() throws Exception {
        String image = Fixtures.TINY_CLIP.resolve("images/chelsea.png").toString();
        ChildJvm.Result r = ChildJvm.run(List.of(), Map.of(), 120, Main.class.getName(),
                "classify", "--model", Fixtures.TINY_CLIP.toString(), "--labels", "a cat,a dog", image);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("{\"image\":"), r.out());
        assertEquals("", r.err());
    }

    /** What bin/clip4j exports before starting the JVM (it must be set before libtorch loads). */
    private static final Map<String, String> LAUNCHER_ENV = Map.of("TORCH_CPP_LOG_LEVEL", "ERROR", "OMP_WAIT_POLICY", "PASSIVE");

    @Test
    void int8PrintsNoLibtorchDeprecationWarnings() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(), LAUNCHER_ENV, 120, Main.class.getName(),
                "embed-text", "--model", Fixtures.TINY_CLIP.toString(), "--dtype", "int8", "a cat");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err(), "fbgemm's three deprecation warnings reached stderr");
        assertTrue(java.nio.file.Files.readString(java.nio.file.Path.of("bin/clip4j")).contains("TORCH_CPP_LOG_LEVEL=\"${TORCH_CPP_LOG_LEVEL:-ERROR}\""),
                "bin/clip4j sets what this test gives the child JVM");
    }

    @Test
    void aVideoFfmpegCannotOpenGivesOneLineAndNoFfmpegLog(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path notAVideo = java.nio.file.Files.writeString(dir.resolve("notes.mp4"), "just some text, not a video\n");
        ChildJvm.Result r = ChildJvm.run(List.of(), LAUNCHER_ENV, 120, Main.class.getName(),
                "video", "classify", "--model", "models/shapes-demo", "--labels", "red circle,blue square", notAVideo.toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertEquals("", r.err(), "FFmpeg's own lines ([mov,mp4,...] moov atom not found) reached stderr");
        String error = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("error").asText();
        assertTrue(error.startsWith(notAVideo + ": is not a video FFmpeg can open") && error.contains("Invalid data found"), error);
        assertTrue(!error.contains("setFormat") && !error.contains("FFmpegLogCallback"), "no JavaCV API hints: " + error);
    }
}
