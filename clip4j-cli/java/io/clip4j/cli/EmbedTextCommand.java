package io.clip4j.cli;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clip4j embed-text}: unit-length text embeddings. */
@Command(name = "embed-text", description = "Print the embedding of each TEXT as a JSON line.")
final class EmbedTextCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Parameters(arity = "1..*", paramLabel = "TEXT")
    List<String> texts;

    @Override
    public Integer call() {
        try (ClipModel clip = modelOptions.load(); Embeddings embeddings = clip.embedTexts(texts)) {
            for (int i = 0; i < texts.size(); i++) {
                var line = JsonLines.object().put("text", texts.get(i));
                JsonLines.putFloats(line, "embedding", embeddings.row(i));
                JsonLines.print(spec.commandLine().getOut(), line);
            }
        }
        return 0;
    }
}
