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
}
