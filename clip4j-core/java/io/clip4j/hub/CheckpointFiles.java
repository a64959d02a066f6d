package io.clip4j.hub;

import io.clip4j.hub.HubException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which files of a repository make a checkpoint clip4j loads, chosen the way
 * {@code io.clip4j.internal.Checkpoint} picks weights in a folder: {@code model.safetensors}, else the
 * shards of {@code model.safetensors.index.json}, else OpenCLIP's {@code open_clip_model.safetensors},
 * else the one {@code *.safetensors} at the top; and the small files beside them. Other formats of
 * the same weights (PyTorch pickles, TensorFlow, Flax, ONNX) are never fetched.
 */
final class CheckpointFiles {
    static final Set<String> SIDE_FILES = Set.of("config.json", "preprocessor_config.json", "tokenizer.json",
            "tokenizer_config.json", "special_tokens_map.json", "vocab.json", "merges.txt", "bpe_simple_vocab_16e6.txt.gz",
            "open_clip_config.json", "templates.txt");
    private static final Pattern SHARD = Pattern.compile("model-\\d+-of-\\d+\\.safetensors");

    private CheckpointFiles() {
    }

    static List<String> select(List<String> names, String what) {
        List<String> top = names.stream().filter(n -> !n.contains("/")).sorted().toList();
        List<String> weights;
        if (top.contains("model.safetensors")) {
            weights = List.of("model.safetensors");
        } else if (top.contains("model.safetensors.index.json")) {
            weights = new ArrayList<>(List.of("model.safetensors.index.json"));
            top.stream().filter(n -> SHARD.matcher(n).matches()).forEach(weights::add);
        } else if (top.contains("open_clip_model.safetensors")) {
            weights = List.of("open_clip_model.safetensors");
        } else {
            weights = top.stream().filter(n -> n.endsWith(".safetensors")).toList();
            if (weights.size() > 1) {
                throw new HubException(Reason.UNSUPPORTED, what + ": several *.safetensors files " + weights
                        + " and no model.safetensors; download one with its side files into a folder of its own");
            }
        }
        if (weights.isEmpty()) {
            List<String> pickles = top.stream().filter(io.clip4j.internal.Checkpoint::isPickle).toList();
            throw new HubException(Reason.UNSUPPORTED, what + ": no *.safetensors weights"
                    + (pickles.isEmpty() ? " in " + top : "; it has " + io.clip4j.internal.Checkpoint.picklesOnly(pickles)));
        }
        List<String> out = new ArrayList<>(top.stream().filter(SIDE_FILES::contains).toList());
        out.addAll(weights);
        return out;
    }
}
