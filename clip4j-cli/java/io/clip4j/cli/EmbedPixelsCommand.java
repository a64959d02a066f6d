package io.clip4j.cli;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.internal.SafeTensorsFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.PointerScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clip4j embed-pixels}: embeddings of preprocessed NCHW pixels stored in a safetensors file. */
@Command(name = "embed-pixels", description = "Print the embedding of each image of an NCHW float tensor in a safetensors file.")
final class EmbedPixelsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--safetensors", required = true, paramLabel = "FILE", description = "File holding the pixels.")
    Path file;

    @Option(names = "--key", required = true, paramLabel = "NAME", description = "Name of the [N, 3, S, S] tensor in FILE.")
    String key;

    @Override
    public Integer call() {
        try (ClipModel clip = modelOptions.load(); SafeTensorsFile pixels = SafeTensorsFile.open(file);
             PointerScope scope = new PointerScope()) {
            if (!pixels.entries().containsKey(key)) {
                throw new ClipException(file + ": no tensor named '" + key + "'; it has " + pixels.entries().keySet());
            }
            try (Embeddings embeddings = clip.embedPixels(pixels.tensor(key))) {
                for (int i = 0; i < embeddings.size(); i++) {
                    var line = JsonLines.object().put("index", i);
                    JsonLines.putFloats(line, "embedding", embeddings.row(i));
                    JsonLines.print(spec.commandLine().getOut(), line);
                }
            }
        }
        return 0;
    }
}
