package io.clip4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clip4j.ClipModel;
import io.clip4j.moderation.DefaultPolicy;
import io.clip4j.moderation.ModerationPolicy;
import io.clip4j.moderation.ModerationJson;
import io.clip4j.moderation.ModerationResult;
import io.clip4j.moderation.Moderator;
import io.clip4j.moderation.PolicyReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clip4j moderate}: per image, each policy category's score and the flagged ones. */
@Command(name = "moderate", description = {
    "Score images against a moderation policy (the built-in, uncalibrated default when --policy is omitted);",
    "one JSON line per image with the action, the flagged categories and every category's score."})
public final class ModerateCommand implements Callable<Integer> {
    /** Creates the command; picocli fills in its options. */
    public ModerateCommand() {
    }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--policy", paramLabel = "POLICY.json", description = "Policy file (default: the built-in policy).")
    Path policyFile;

    @SuppressWarnings("deprecation")
    @Option(names = "--print-policy", help = true, description = "Print the built-in default policy as JSON and exit.")
    boolean printPolicy;

    @Parameters(arity = "1..*", paramLabel = "IMAGE_OR_DIR")
    List<Path> arguments;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (printPolicy) {
            out.print(DefaultPolicy.JSON);
            out.flush();
            return 0;
        }
        ModerationPolicy policy = policyFile == null ? DefaultPolicy.load() : PolicyReader.read(policyFile);
        List<Path> inputs = ImageInputs.expand(arguments);
        if (!policy.calibrated()) {
            spec.commandLine().getErr().println("clip4j: warning: policy '" + policy.name() + "' is not calibrated:"
                    + " its thresholds are placeholders until tuned on labelled examples of your data with this model");
        }
        int failures;
        try (ClipModel clip = modelOptions.load();
             Moderator moderator = Moderator.create(clip, policy);
             Progress progress = new Progress("moderate", inputs.size())) {
            failures = EmbeddedImages.forEachBatch(clip, inputs, modelOptions.batchSize, progress, (items, embeddings) -> {
                List<ModerationResult> results = embeddings == null ? List.of() : moderator.moderate(embeddings);
                int row = 0;
                for (var item : items) {
                    ObjectNode line = JsonLines.object().put("image", item.path().toString());
                    if (item.ok()) {
                        ModerationJson.describe(line, results.get(row++));
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
