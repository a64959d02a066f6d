package io.clip4j.cli;

import io.clip4j.model.ClipConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clip4j info}: the parsed configuration. */
@Command(name = "info", description = "Print the model's parsed configuration as JSON.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Override
    public Integer call() {
        JsonLines.print(spec.commandLine().getOut(), ClipConfig.read(model.resolve("config.json")).toJson());
        return 0;
    }
}
