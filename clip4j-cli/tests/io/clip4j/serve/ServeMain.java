package io.clip4j.serve;

import io.clip4j.cli.ServeCommand;
import picocli.CommandLine;

/** Runs {@code clip4j serve} in a child JVM for {@link ShutdownTest} (Main registers the command in the real CLI). */
public final class ServeMain {
    private ServeMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServeCommand()).execute(args));
    }
}
