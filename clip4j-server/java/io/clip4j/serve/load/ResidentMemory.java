package io.clip4j.serve.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory (VmRSS) from {@code /proc/PID/status}; Linux only, -1 elsewhere. */
public final class ResidentMemory {
    private ResidentMemory() {
    }

    /** Resident bytes of process {@code pid}, or -1 if unknown. */
    public static long of(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).strip().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024; // kB
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
