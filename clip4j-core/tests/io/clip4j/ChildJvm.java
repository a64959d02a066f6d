package io.clip4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class of the test classpath in a fresh JVM (the CLI's process as a user starts it:
 * its own stderr, its own native loading) and collects what it printed.
 */
public final class ChildJvm {
    /** Exit status and both streams. */
    public record Result(int status, String out, String err) {
    }

    private ChildJvm() {
    }

    /** The java binary of the JVM running the tests. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Runs {@code mainClass args} with extra JVM options and environment, the environment holding
     * OMP_WAIT_POLICY=PASSIVE as the launcher sets it; fails after {@code timeoutSeconds}.
     */
    public static Result run(List<String> jvmOptions, Map<String, String> environment, long timeoutSeconds,
                             String mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("child-out", ".txt");
        Path err = Files.createTempFile("child-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
            builder.environment().putAll(environment);
            Process child = builder.start();
            if (!child.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor();
                throw new AssertionError(mainClass + " " + List.of(args) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(child.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
