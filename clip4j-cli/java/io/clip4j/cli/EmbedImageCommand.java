package io.clip4j.cli;

import io.clip4j.ClipModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clip4j embed-image}: unit-length image embeddings of files and directories. */
@Command(name = "embed-image", description = "Print the embedding of each image as a JSON line; directories are walked.")
final class EmbedImageCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Parameters(arity = "1..*", paramLabel = "IMAGE_OR_DIR")
    List<Path> arguments;

    @Override
    public Integer call() {
        List<Path> inputs = ImageInputs.expand(arguments);
        var out = spec.commandLine().getOut();
        int failures;
        try (ClipModel clip = modelOptions.load(); Progress progress = new Progress("embed-image", inputs.size())) {
            failures = EmbeddedImages.forEachBatch(clip, inputs, modelOptions.batchSize, progress, (items, embeddings) -> {
                int row = 0;
                for (var item : items) {
                    var line = JsonLines.object().put("image", item.path().toString());
                    if (item.ok()) {
                        JsonLines.putFloats(line, "embedding", embeddings.row(row++));
                    } else {
                        line.put("error", item.error());
                    }
                    JsonLines.print(out, line);
                }
            });
        }
        return failures == 0 ? 0 : 1;
    }
}
