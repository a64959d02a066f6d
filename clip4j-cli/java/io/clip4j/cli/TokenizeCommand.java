package io.clip4j.cli;

import io.clip4j.text.ClipTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clip4j tokenize}: CLIP token ids, up to and including end-of-text. */
@Command(name = "tokenize", description = "Print CLIP token ids of each TEXT as a JSON line.")
final class TokenizeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory with tokenizer files, or hf:OWNER/NAME[@REVISION].")
    Path model;

    @Parameters(arity = "1..*", paramLabel = "TEXT")
    List<String> texts;

    @Override
    public Integer call() {
        ClipTokenizer tokenizer = ClipTokenizer.fromModelDir(HubModels.folder(model));
        var out = spec.commandLine().getOut();
        for (String text : texts) {
            var line = JsonLines.object().put("text", text);
            var ids = line.putArray("ids");
            for (int id : tokenizer.tokenize(text)) {
                ids.add(id);
            }
            JsonLines.print(out, line);
        }
        return 0;
    }
}
