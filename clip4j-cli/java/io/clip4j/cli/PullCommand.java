package io.clip4j.cli;

import io.clip4j.hub.ModelHub;
import io.clip4j.hub.Snapshot;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clip4j pull OWNER/NAME[@REVISION]}: a checkpoint from the Hugging Face hub into its cache. */
@Command(name = "pull", description = "Download a model from the Hugging Face hub into the hub's cache (shared with Python's "
        + "huggingface_hub; HF_TOKEN, HF_ENDPOINT, HF_HUB_CACHE, HF_HOME and HF_HUB_OFFLINE apply) and print its folder "
        + "as one JSON line. Use the folder, or --model hf:OWNER/NAME, with any command.")
final class PullCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OWNER/NAME[@REVISION]", description = "The repository, e.g. openai/clip-vit-base-patch32; "
            + "the revision (branch, tag or commit) defaults to main.")
    String repository;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Cache folder (default: HF_HUB_CACHE, else HF_HOME/hub, "
            + "else ~/.cache/huggingface/hub).")
    Path cacheDir;

    @Option(names = "--offline", description = "Use the cache only, as HF_HUB_OFFLINE=1 does.")
    boolean offline;

    @Override
    public Integer call() {
        String reference = repository.startsWith(ModelHub.SCHEME) ? repository : ModelHub.SCHEME + repository;
        ModelHub hub = ModelHub.fromEnvironment();
        if (cacheDir != null) {
            hub = hub.withCacheDir(cacheDir);
        }
        if (offline) {
            hub = hub.withOffline(true);
        }
        Snapshot s;
        try {
            s = HubModels.pull(hub, reference);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        var line = JsonLines.object().put("repo", s.repo()).put("revision", s.revision()).put("commit", s.commit())
                .put("path", s.folder().toString()).put("files", s.files().size()).put("bytes", s.bytes())
                .put("downloaded", s.downloadedBytes());
        JsonLines.print(spec.commandLine().getOut(), line);
        return 0;
    }
}
