package io.clip4j.train.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clip4j.BadFileException;
import io.clip4j.text.TokenizerRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves a {@link TrainedBpe} in the layouts CLIP's vocabulary ships in, so that the same folder
 * loads in {@link io.clip4j.text.ClipTokenizer#fromModelDir}, in transformers' {@code CLIPTokenizer}
 * ({@code vocab.json} + {@code merges.txt}) and in {@code CLIPTokenizerFast}
 * ({@code tokenizer.json}):
 *
 * <ul>
 *   <li>{@code vocab.json}: as Python's {@code json.dumps(vocab, ensure_ascii=False)} writes
 *       it, one line, like the released file;
 *   <li>{@code merges.txt}: {@code #version: 0.2}, then one "first second" merge a line;
 *   <li>{@code tokenizer.json}: the Hugging Face tokenizers layout of CLIP's fast tokenizer
 *       (normalizer, CLIP's split pattern, byte-level pre-tokenizer and decoder,
 *       start/end post-processor, BPE model with {@code end_of_word_suffix "</w>"}), with the
 *       special tokens both in {@code model.vocab} and in {@code added_tokens};
 *   <li>{@code tokenizer_config.json} and {@code special_tokens_map.json}: as in the released
 *       Hugging Face CLIP models, padding with {@code <|endoftext|>} (so
 *       {@link io.clip4j.text.ClipTokenizer#fromModelDir} pads with the end id, as transformers does).
 * </ul>
 *
 * Output is deterministic: it depends only on the tokens and merges.
 */
final class TokenizerFilesWriter {
    static final String MERGES_HEADER = "#version: 0.2";
    static final String SPECIAL_TOKENS_MAP = "special_tokens_map.json";

    /** CLIP's split pattern as the tokenizers library writes it (its regex, not Java's). */
    private static final String SPLIT_PATTERN = "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d"
            + "|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** serde_json's pretty layout: two-space indents, "key": value. */
    private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("").withObjectEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private TokenizerFilesWriter() {
    }

    static void write(TrainedBpe bpe, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadFileException(dir, "cannot create the output directory: " + e, e);
        }
        writeString(dir.resolve(TokenizerRules.VOCAB_JSON), vocabJson(bpe.tokens()));
        writeString(dir.resolve(TokenizerRules.MERGES_TXT), mergesTxt(bpe.merges()));
        writeString(dir.resolve(TokenizerRules.TOKENIZER_JSON), pretty(tokenizerJson(bpe)));
        writeString(dir.resolve(TokenizerRules.TOKENIZER_CONFIG), pretty(tokenizerConfig()));
        writeString(dir.resolve(SPECIAL_TOKENS_MAP), pretty(specialTokensMap()));
    }

    /** {@code {"!": 0, "\"": 1, ...}} in id order. */
    static String vocabJson(List<String> tokens) {
        StringBuilder out = new StringBuilder(tokens.size() * 16);
        out.append('{');
        for (int id = 0; id < tokens.size(); id++) {
            if (id > 0) {
                out.append(", ");
            }
            out.append(quote(tokens.get(id))).append(": ").append(id);
        }
        return out.append('}').toString();
    }

    static String mergesTxt(List<TrainedBpe.Merge> merges) {
        StringBuilder out = new StringBuilder(MERGES_HEADER.length() + 1 + merges.size() * 12);
        out.append(MERGES_HEADER).append('\n');
        for (TrainedBpe.Merge merge : merges) {
            out.append(merge.first()).append(' ').append(merge.second()).append('\n');
        }
        return out.toString();
    }

    static ObjectNode tokenizerJson(TrainedBpe bpe) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        addedToken(added, bpe.startId(), TokenizerRules.START_OF_TEXT);
        addedToken(added, bpe.endId(), TokenizerRules.END_OF_TEXT);

        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "Sequence");
        ArrayNode normalizers = normalizer.putArray("normalizers");
        normalizers.addObject().put("type", "NFC");
        ObjectNode replace = normalizers.addObject().put("type", "Replace");
        replace.putObject("pattern").put("Regex", "\\s+");
        replace.put("content", " ");
        normalizers.addObject().put("type", "Lowercase");

        ObjectNode preTokenizer = root.putObject("pre_tokenizer");
        preTokenizer.put("type", "Sequence");
        ArrayNode preTokenizers = preTokenizer.putArray("pretokenizers");
        ObjectNode split = preTokenizers.addObject().put("type", "Split");
        split.putObject("pattern").put("Regex", SPLIT_PATTERN);
        split.put("behavior", "Removed").put("invert", true);
        byteLevel(preTokenizers.addObject(), false);

        ObjectNode post = root.putObject("post_processor");
        post.put("type", "RobertaProcessing");
        post.putArray("sep").add(TokenizerRules.END_OF_TEXT).add(bpe.endId());
        post.putArray("cls").add(TokenizerRules.START_OF_TEXT).add(bpe.startId());
        post.put("trim_offsets", false).put("add_prefix_space", false);

        byteLevel(root.putObject("decoder"), true);

        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", TokenizerRules.END_OF_TEXT);
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", TokenizerRules.END_OF_WORD);
        model.put("fuse_unk", false).put("byte_fallback", false).put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        List<String> tokens = bpe.tokens();
        for (int id = 0; id < tokens.size(); id++) {
            vocab.put(tokens.get(id), id);
        }
        ArrayNode merges = model.putArray("merges");
        for (TrainedBpe.Merge merge : bpe.merges()) {
            merges.addArray().add(merge.first()).add(merge.second());
        }
        return root;
    }

    private static void addedToken(ArrayNode added, int id, String content) {
        added.addObject().put("id", id).put("content", content).put("single_word", false)
                .put("lstrip", false).put("rstrip", false).put("normalized", false)
                .put("special", true);
    }

    private static void byteLevel(ObjectNode node, boolean addPrefixSpace) {
        node.put("type", "ByteLevel").put("add_prefix_space", addPrefixSpace)
                .put("trim_offsets", true).put("use_regex", true);
    }

    static ObjectNode tokenizerConfig() {
        ObjectNode config = JSON.createObjectNode();
        config.put("add_prefix_space", false);
        config.put("bos_token", TokenizerRules.START_OF_TEXT);
        config.put("do_lower_case", true);
        config.put("eos_token", TokenizerRules.END_OF_TEXT);
        config.put("errors", "replace");
        config.put("model_max_length", io.clip4j.text.ClipTokenizer.DEFAULT_CONTEXT_LENGTH);
        config.put("pad_token", TokenizerRules.END_OF_TEXT);
        config.put("tokenizer_class", "CLIPTokenizer");
        config.put("unk_token", TokenizerRules.END_OF_TEXT);
        return config;
    }

    static ObjectNode specialTokensMap() {
        ObjectNode map = JSON.createObjectNode();
        map.put("bos_token", TokenizerRules.START_OF_TEXT);
        map.put("eos_token", TokenizerRules.END_OF_TEXT);
        map.put("pad_token", TokenizerRules.END_OF_TEXT);
        map.put("unk_token", TokenizerRules.END_OF_TEXT);
        return map;
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pretty(ObjectNode node) {
        try {
            return PRETTY.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadFileException(file, "cannot write: " + e, e);
        }
    }
}
