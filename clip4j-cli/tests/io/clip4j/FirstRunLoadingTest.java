package io.clip4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first run with an empty JavaCPP cache, on a machine whose library path holds another
 * libtorch, uses the bundled libraries. Before the fix JavaCPP loaded libtorch.so before
 * libtorch_cpu.so was extracted beside it, so the dynamic linker took the other one: with
 * Debian's libtorch 1.13 the JVM crashed (SIGSEGV, exit 134). Here the other libtorch is a decoy
 * (the JDK's libzip under libtorch's names) on LD_LIBRARY_PATH, which the linker searches before
 * the bundled libraries' own run path: loading it fails loudly instead of crashing, on any machine.
 */
class FirstRunLoadingTest {
    @Test
    void bundledLibtorchIsUsedWithAnEmptyCacheAndAnotherLibtorchOnThePath(@TempDir Path dir) throws Exception {
        Path decoys = Files.createDirectories(dir.resolve("other-libtorch"));
        Path libzip = Path.of(System.getProperty("java.home"), "lib", "libzip.so");
        for (String name : List.of("libc10.so", "libtorch_cpu.so", "libtorch.so")) {
            Files.copy(libzip, decoys.resolve(name));
        }
        Path cache = dir.resolve("empty-cache");
        for (String run : List.of("first run (empty cache)", "second run (warm cache)")) {
            ChildJvm.Result r = ChildJvm.run(List.of("-Dorg.bytedeco.javacpp.cachedir=" + cache),
                    Map.of("LD_LIBRARY_PATH", decoys.toString()), 180, Main.class.getName(),
                    "embed-text", "--model", Fixtures.TINY_CLIP.toString(), "a cat");
            assertEquals(0, r.status(), run + ": " + r.err());
            assertTrue(r.out().startsWith("{\"text\":\"a cat\",\"embedding\":["), run + ": " + r.out());
            assertEquals("", r.err(), run);
        }
    }
}
