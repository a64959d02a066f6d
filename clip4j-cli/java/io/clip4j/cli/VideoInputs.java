package io.clip4j.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The videos a {@code video} command reads and how often it samples them. */
final class VideoInputs {
    @Option(names = "--every", defaultValue = "0.5", paramLabel = "S", description = "Seconds between sampled frames (default: ${DEFAULT-VALUE}).")
    double every;

    @Parameters(arity = "1..*", paramLabel = "VIDEO")
    List<Path> videos;

    /** {@link #every}, checked. */
    double every(CommandLine commandLine) {
        if (!(every > 0)) {
            throw new CommandLine.ParameterException(commandLine, "--every must be positive, not " + every);
        }
        return every;
    }
}
