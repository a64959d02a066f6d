package io.clip4j.cli;

import io.clip4j.internal.Checkpoint;
import io.clip4j.model.ClipConfig;
import io.clip4j.internal.ClipWeights;
import io.clip4j.text.ClipTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clip4j info}: the parsed configuration. */
@Command(name = "info", description = "Print the model's configuration as JSON (from config.json, or inferred from the weights' shapes).")
final class InfoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory, or hf:OWNER/NAME[@REVISION].")
    Path model;

    @Override
    public Integer call() {
        Path model = HubModels.folder(this.model);
        var json = config(model).toJson();
        // where the text is tokenized from: a folder without tokenizer files uses the bundled CLIP vocabulary
        json.put("tokenizer", ClipTokenizer.sourceIn(model).description());
        JsonLines.print(spec.commandLine().getOut(), json);
        return 0;
    }

    /** config.json, else open_clip_config.json, else what the checkpoint's shapes say (original-CLIP exports). */
    private static ClipConfig config(Path model) {
        Path configJson = model.resolve("config.json");
        if (Files.exists(configJson) || !Files.isDirectory(model)) {
            return ClipConfig.read(configJson);
        }
        try (Checkpoint checkpoint = Checkpoint.open(model)) {
            return ClipWeights.configFor(model, checkpoint);
        }
    }
}
