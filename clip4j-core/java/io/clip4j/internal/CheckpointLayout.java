package io.clip4j.internal;

import io.clip4j.internal.Checkpoint;
import io.clip4j.internal.CheckpointLayout;
import io.clip4j.internal.ClipWeights;
import io.clip4j.InvalidModelException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two parameter namings clip4j reads, and the one internal layout both map to.
 *
 * <p>The internal layout is Hugging Face's naming with one change: each attention block holds a
 * fused {@code self_attn.qkv_proj} (query, key and value rows stacked) instead of three
 * projections, which is how the original CLIP stores it ({@code attn.in_proj_weight}) and what
 * one GEMM per block wants. Projections are stored as {@code [out, in]} like {@code nn.Linear}.
 */
public enum CheckpointLayout {
    /** transformers' {@code CLIPModel}: {@code text_model.*}, {@code vision_model.*}. */
    HUGGING_FACE,
    /** The original CLIP / OpenCLIP naming: {@code visual.*}, {@code transformer.resblocks.*}. */
    OPENAI;

    /** Non-parameter entries some exports carry; they are skipped. */
    static final Set<String> IGNORED = Set.of("input_resolution", "context_length", "vocab_size", "attn_mask",
            "text_model.embeddings.position_ids", "vision_model.embeddings.position_ids");

    /** Picks the layout from the tensor names. */
    public static CheckpointLayout detect(Set<String> names) {
        for (String n : names) {
            if (n.startsWith("text_model.") || n.startsWith("vision_model.")) {
                return HUGGING_FACE;
            }
        }
        return OPENAI;
    }

    /**
     * One renaming rule, as two templates with the same placeholders in the same order:
     * {@code {i}} a block number, {@code {p}} {@code weight} or {@code bias}. Original-CLIP
     * projections are {@code [in, out]} matrices, hence {@code transposed}.
     */
    private record Rule(String openai, String internal, boolean transposed) {
        Optional<String> rewrite(String name, boolean fromOpenAi) {
            Matcher m = regex(fromOpenAi ? openai : internal).matcher(name);
            if (!m.matches()) {
                return Optional.empty();
            }
            String out = fromOpenAi ? internal : openai;
            for (int g = 1; g <= m.groupCount(); g++) {
                out = out.replaceFirst("\\{[ip]}", m.group(g));
            }
            return Optional.of(out);
        }

        private static Pattern regex(String template) {
            String quoted = Pattern.quote(template);
            return Pattern.compile(quoted.replace("{i}", "\\E(\\d+)\\Q").replace("{p}", "\\E(weight|bias)\\Q"));
        }
    }

    private static final List<Rule> OPENAI_RULES = openAiRules();

    private static List<Rule> openAiRules() {
        List<Rule> rules = new ArrayList<>(List.of(
                rule("token_embedding.weight", "text_model.embeddings.token_embedding.weight"),
                rule("positional_embedding", "text_model.embeddings.position_embedding.weight"),
                rule("ln_final.{p}", "text_model.final_layer_norm.{p}"),
                new Rule("text_projection", "text_projection.weight", true),
                rule("visual.class_embedding", "vision_model.embeddings.class_embedding"),
                rule("visual.conv1.weight", "vision_model.embeddings.patch_embedding.weight"),
                rule("visual.positional_embedding", "vision_model.embeddings.position_embedding.weight"),
                rule("visual.ln_pre.{p}", "vision_model.pre_layrnorm.{p}"),
                rule("visual.ln_post.{p}", "vision_model.post_layernorm.{p}"),
                new Rule("visual.proj", "visual_projection.weight", true),
                rule("logit_scale", "logit_scale")));
        blockRules(rules, "transformer.resblocks.{i}.", "text_model.encoder.layers.{i}.");
        blockRules(rules, "visual.transformer.resblocks.{i}.", "vision_model.encoder.layers.{i}.");
        return List.copyOf(rules);
    }

    /** The same six renamings inside every transformer block of either tower. */
    private static void blockRules(List<Rule> rules, String openaiBlock, String internalLayer) {
        rules.add(rule(openaiBlock + "ln_1.{p}", internalLayer + "layer_norm1.{p}"));
        rules.add(rule(openaiBlock + "ln_2.{p}", internalLayer + "layer_norm2.{p}"));
        rules.add(rule(openaiBlock + "attn.in_proj_{p}", internalLayer + "self_attn.qkv_proj.{p}"));
        rules.add(rule(openaiBlock + "attn.out_proj.{p}", internalLayer + "self_attn.out_proj.{p}"));
        rules.add(rule(openaiBlock + "mlp.c_fc.{p}", internalLayer + "mlp.fc1.{p}"));
        rules.add(rule(openaiBlock + "mlp.c_proj.{p}", internalLayer + "mlp.fc2.{p}"));
    }

    private static Rule rule(String openai, String internal) {
        return new Rule(openai, internal, false);
    }

    /** Where an internal tensor comes from in the checkpoint. */
    public record Source(String name, boolean transposed) {
    }

    /** An original-CLIP name mapped to the internal name, if it is one clip4j knows. */
    public static Optional<Map.Entry<String, Source>> fromOpenAi(String name) {
        for (Rule r : OPENAI_RULES) {
            Optional<String> internal = r.rewrite(name, true);
            if (internal.isPresent()) {
                return Optional.of(Map.entry(internal.get(), new Source(name, r.transposed())));
            }
        }
        return Optional.empty();
    }

    /**
     * Maps the checkpoint's names to internal names. For Hugging Face checkpoints the separate
     * q/k/v projections are reported under their own names; {@link ClipWeights} fuses them.
     *
     * @throws InvalidModelException naming the tensor when a name belongs to neither layout
     */
    public Map<String, Source> internalNames(Checkpoint checkpoint) {
        Map<String, Source> out = new LinkedHashMap<>();
        for (String name : new TreeSet<>(checkpoint.tensors().keySet())) {
            if (IGNORED.contains(name)) {
                continue;
            }
            if (this == HUGGING_FACE) {
                out.put(name, new Source(name, false));
                continue;
            }
            var mapped = fromOpenAi(name).orElseThrow(() -> new InvalidModelException(checkpoint.fileOf(name),
                    "unexpected tensor '" + name + "' for the original CLIP layout"
                            + (name.startsWith("visual.layer") ? " (ResNet vision towers are not supported)" : "")));
            out.put(mapped.getKey(), mapped.getValue());
        }
        return out;
    }

    /** The original-CLIP name of an internal tensor (used to write checkpoints in that layout). */
    public static Source toOpenAi(String internal) {
        for (Rule r : OPENAI_RULES) {
            Optional<String> openai = r.rewrite(internal, false);
            if (openai.isPresent()) {
                return new Source(openai.get(), r.transposed());
            }
        }
        throw new IllegalArgumentException("no original-CLIP name for '" + internal + "'");
    }
}
