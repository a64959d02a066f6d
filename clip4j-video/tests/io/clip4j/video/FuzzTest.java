package io.clip4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated images and videos never crash the JVM, hang, or fail other than by clip4j's own exceptions:
 * {@link MutationFuzzer} in child JVMs, a fixed count with a fixed seed here (the same inputs every run),
 * any count on demand with {@code dev/fuzz/run.sh}. Prints inputs, ok, clean errors, unexpected, crashes and timeouts.
 */
class FuzzTest {
    /** Per-input bound: a decode that takes longer counts as a hang. */
    static final int SECONDS_PER_INPUT = Integer.getInteger("clip4j.fuzz.seconds", 30);

    /** What a fuzz run found. */
    record Counts(int inputs, int ok, int clean, int unexpected, int crashes, int timeouts, List<String> findings) {
        @Override
        public String toString() {
            return inputs + " inputs: " + ok + " decoded, " + clean + " clean errors, " + unexpected + " unexpected, "
                    + crashes + " crashes, " + timeouts + " timeouts";
        }
    }

    @TempDir
    Path tmp;

    @Test
    void imagesFuzzCleanly() throws Exception {
        Counts c = run("images", 20_261_208L, Integer.getInteger("clip4j.fuzz.images", 300), tmp);
        System.out.println("fuzz images: " + c);
        assertEquals(List.of(), c.findings(), c.toString());
    }

    @Test
    void videosFuzzCleanly() throws Exception {
        Counts c = run("videos", 20_261_208L, Integer.getInteger("clip4j.fuzz.videos", 60), tmp);
        System.out.println("fuzz videos: " + c);
        assertEquals(List.of(), c.findings(), c.toString());
    }

    /** Runs {@code count} inputs in child JVMs, restarting after a crash or a hang. */
    static Counts run(String kind, long seed, int count, Path work) throws Exception {
        int ok = 0;
        int clean = 0;
        int unexpected = 0;
        int crashes = 0;
        int timeouts = 0;
        List<String> findings = new ArrayList<>();
        int next = 0;
        while (next < count) {
            List<String> command = new ArrayList<>(List.of(io.clip4j.ChildJvm.javaBinary(), "--enable-native-access=ALL-UNNAMED",
                    "-Xmx1g", "-cp", System.getProperty("java.class.path"), MutationFuzzer.class.getName(),
                    kind, String.valueOf(seed), String.valueOf(next), String.valueOf(count - next), work.resolve(kind).toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
            Process child = builder.start();
            BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.put(line);
                    }
                } catch (Exception ignored) {
                    // the child ended
                }
                lines.offer("EOF");
            });
            reader.setDaemon(true);
            reader.start();
            String input = null;
            while (true) {
                // seeds are written before the first input: allow for it
                String line = lines.poll(input == null ? SECONDS_PER_INPUT * 4L : SECONDS_PER_INPUT, TimeUnit.SECONDS);
                if (line == null) { // no answer in time: a hang
                    timeouts++;
                    findings.add("timeout: " + input);
                    child.destroyForcibly().waitFor();
                    next++;
                    break;
                }
                if (line.equals("EOF")) {
                    int status = child.waitFor();
                    if (input != null) { // died between INPUT and RESULT
                        crashes++;
                        findings.add("crash (status " + status + "): " + input);
                        next++;
                    } else if (status != 0) {
                        throw new IllegalStateException("the fuzzer failed to start (status " + status + ")");
                    }
                    break;
                }
                if (line.startsWith("INPUT ")) {
                    input = line;
                } else if (line.startsWith("RESULT ")) {
                    String[] parts = line.split(" ", 4);
                    next = Integer.parseInt(parts[1]) + 1;
                    switch (parts[2]) {
                        case "ok" -> ok++;
                        case "clean" -> clean++;
                        default -> {
                            unexpected++;
                            findings.add("unexpected: " + input + " -> " + parts[3]);
                        }
                    }
                    input = null;
                }
            }
        }
        return new Counts(count, ok, clean, unexpected, crashes, timeouts, findings);
    }

    /** {@code dev/fuzz/run.sh}: a larger run on demand. */
    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int count = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
        Path work = java.nio.file.Files.createTempDirectory("clip4j-fuzz");
        Counts c = run(kind, seed, count, work);
        System.out.println("fuzz " + kind + " (seed " + seed + "): " + c);
        c.findings().forEach(System.out::println);
        System.exit(c.findings().isEmpty() ? 0 : 1);
    }
}
