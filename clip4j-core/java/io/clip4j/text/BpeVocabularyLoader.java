package io.clip4j.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.InvalidModelException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads a {@link BpeVocabulary} from any of the three forms CLIP's vocabulary ships in: a
 * Hugging Face {@code tokenizer.json}, a {@code vocab.json} with a {@code merges.txt}, or the
 * original {@code bpe_simple_vocab_16e6.txt.gz}. Every problem with a file is reported as an
 * {@link InvalidModelException} that names the file and, where there is one, the field or line.
 */
final class BpeVocabularyLoader {
    /** CLIP's end-of-word marker. */
    static final String END_OF_WORD = "</w>";
    /** How many merges of the original file CLIP uses: {@code 49152 - 256 - 2}. */
    static final int ORIGINAL_MERGE_COUNT = 49152 - 256 - 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private BpeVocabularyLoader() {
    }

    /**
     * A Hugging Face {@code tokenizer.json}: {@code model.vocab}, {@code model.merges} (as
     * "a b" strings or as [a, b] pairs), {@code model.end_of_word_suffix} and
     * {@code added_tokens}, whose ids override the vocabulary's.
     */
    static BpeVocabulary fromTokenizerJson(Path file) {
        JsonNode root = readJson(file);
        JsonNode model = root.get("model");
        if (model == null || !model.isObject()) {
            throw new InvalidModelException(file, "missing object field 'model'");
        }
        JsonNode type = model.get("type");
        if (type != null && !type.isNull() && !"BPE".equals(type.asText())) {
            throw new InvalidModelException(file,
                    "model.type is '" + type.asText() + "', only 'BPE' is supported");
        }
        JsonNode prefix = model.get("continuing_subword_prefix");
        if (prefix != null && prefix.isTextual() && !prefix.asText().isEmpty()) {
            throw new InvalidModelException(file,
                    "model.continuing_subword_prefix '" + prefix.asText() + "' is not supported");
        }
        Map<String, Integer> ids = readVocab(file, model.get("vocab"), "model.vocab");
        JsonNode added = root.get("added_tokens");
        if (added != null && !added.isNull()) {
            if (!added.isArray()) {
                throw new InvalidModelException(file, "added_tokens is not an array");
            }
            for (int i = 0; i < added.size(); i++) {
                JsonNode token = added.get(i);
                JsonNode content = token.get("content");
                JsonNode id = token.get("id");
                if (content == null || !content.isTextual() || id == null || !id.canConvertToInt()
                        || !id.isIntegralNumber()) {
                    throw new InvalidModelException(file,
                            "added_tokens[" + i + "] needs a string 'content' and an integer 'id'");
                }
                ids.put(content.asText(), id.asInt());
            }
        }
        JsonNode mergesNode = model.get("merges");
        if (mergesNode == null || !mergesNode.isArray()) {
            throw new InvalidModelException(file, "missing array field 'model.merges'");
        }
        List<BpeVocabulary.MergeSpec> merges = new ArrayList<>(mergesNode.size());
        for (int i = 0; i < mergesNode.size(); i++) {
            JsonNode merge = mergesNode.get(i);
            String where = "model.merges[" + i + "]";
            if (merge.isTextual()) {
                merges.add(parseMergeLine(file, merge.asText(), where));
            } else if (merge.isArray() && merge.size() == 2 && merge.get(0).isTextual()
                    && merge.get(1).isTextual() && !merge.get(0).asText().isEmpty()
                    && !merge.get(1).asText().isEmpty()) {
                merges.add(new BpeVocabulary.MergeSpec(
                        merge.get(0).asText(), merge.get(1).asText(), where));
            } else {
                throw new InvalidModelException(file,
                        where + " is neither a string \"a b\" nor a pair [\"a\", \"b\"]: " + merge);
            }
        }
        JsonNode suffixNode = model.get("end_of_word_suffix");
        String suffix;
        if (suffixNode == null || suffixNode.isNull()) {
            suffix = "";
        } else if (suffixNode.isTextual()) {
            suffix = suffixNode.asText();
        } else {
            throw new InvalidModelException(file, "model.end_of_word_suffix is not a string");
        }
        return new BpeVocabulary(file, "model.vocab", ids, file, merges, suffix);
    }

    /**
     * A {@code vocab.json} (token to id) with a {@code merges.txt} (one "a b" merge a line, in
     * rank order; lines starting with {@code #version} and blank lines are skipped).
     */
    static BpeVocabulary fromVocabAndMerges(Path vocabJson, Path mergesTxt) {
        Map<String, Integer> ids = readVocab(vocabJson, readJson(vocabJson), null);
        String[] lines = readUtf8(mergesTxt, readBytes(mergesTxt)).split("\n", -1);
        List<BpeVocabulary.MergeSpec> merges = new ArrayList<>(lines.length);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1)
                    : lines[i];
            if (line.startsWith("#version") || TextCleaner.strip(line).isEmpty()) {
                continue;
            }
            merges.add(parseMergeLine(mergesTxt, line, "line " + (i + 1)));
        }
        return new BpeVocabulary(vocabJson, "the vocabulary", ids, mergesTxt, merges, END_OF_WORD);
    }

    /**
     * The original {@code bpe_simple_vocab_16e6.txt.gz}: a header line, then merges, of which
     * CLIP uses the first {@value #ORIGINAL_MERGE_COUNT}. The vocabulary is implied: the 256
     * byte symbols, the same with {@code </w>}, one token per merge, then
     * {@code <|startoftext|>} and {@code <|endoftext|>}.
     */
    static BpeVocabulary fromOriginalBpe(Path gz) {
        try {
            io.clip4j.internal.ModelFiles.requireRegular(gz);
            return fromOriginalBpe(gz, Files.newInputStream(gz));
        } catch (NoSuchFileException e) {
            throw new InvalidModelException(gz, "file not found", e);
        } catch (IOException e) {
            throw new InvalidModelException(gz, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The same from a stream (closed here), such as the copy the library bundles; {@code gz} names it in errors. */
    static BpeVocabulary fromOriginalBpe(Path gz, InputStream compressed) {
        byte[] bytes;
        try (InputStream in = new GZIPInputStream(compressed)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidModelException(gz, "cannot read gzip data: " + e.getMessage(), e);
        }
        String[] lines = readUtf8(gz, bytes).split("\n", -1);
        if (lines.length < ORIGINAL_MERGE_COUNT + 1) {
            throw new InvalidModelException(gz, "expected a header line and at least "
                    + ORIGINAL_MERGE_COUNT + " merge lines, found " + lines.length + " lines");
        }
        List<BpeVocabulary.MergeSpec> merges = new ArrayList<>(ORIGINAL_MERGE_COUNT);
        for (int i = 1; i <= ORIGINAL_MERGE_COUNT; i++) {
            merges.add(parseMergeLine(gz, lines[i], "line " + (i + 1)));
        }
        Map<String, Integer> ids = new HashMap<>();
        int next = 0;
        char[] symbols = ByteUnicode.symbolsInVocabularyOrder();
        for (char symbol : symbols) {
            ids.put(String.valueOf(symbol), next++);
        }
        for (char symbol : symbols) {
            ids.put(symbol + END_OF_WORD, next++);
        }
        for (BpeVocabulary.MergeSpec merge : merges) {
            ids.put(merge.first() + merge.second(), next++);
        }
        ids.put(PreTokenizer.START_OF_TEXT, next++);
        ids.put(PreTokenizer.END_OF_TEXT, next);
        return new BpeVocabulary(gz, "the implied vocabulary", ids, gz, merges, END_OF_WORD);
    }

    /** Reads and parses a JSON file. */
    static JsonNode readJson(Path file) {
        io.clip4j.internal.ModelFiles.requireRegular(file);
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode root = JSON.readTree(in);
            if (root == null || root.isMissingNode()) {
                throw new InvalidModelException(file, "malformed JSON: the file is empty");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new InvalidModelException(file, "file not found", e);
        } catch (JsonProcessingException e) {
            throw new InvalidModelException(file, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidModelException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** A JSON object of token to id; {@code field} names it, null for the whole file. */
    private static Map<String, Integer> readVocab(Path file, JsonNode vocab, String field) {
        if (vocab == null || !vocab.isObject()) {
            throw new InvalidModelException(file, (field == null ? "" : "missing field '" + field + "': ")
                    + "expected a JSON object of token to id");
        }
        Map<String, Integer> ids = new HashMap<>(vocab.size() * 2);
        for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
            JsonNode id = entry.getValue();
            if (!id.isIntegralNumber() || !id.canConvertToInt()) {
                throw new InvalidModelException(file, (field == null ? "" : field + ": ") + "token '" + entry.getKey()
                        + "' has no integer id: " + id);
            }
            ids.put(entry.getKey(), id.asInt());
        }
        return ids;
    }

    /** One merge written as two tokens separated by whitespace, as Python's split() reads it. */
    private static BpeVocabulary.MergeSpec parseMergeLine(Path file, String line, String where) {
        String[] parts = TextCleaner.strip(line).split("[\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x85\\xA0"
                + "\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]+");
        if (parts.length != 2 || parts[0].isEmpty()) {
            throw new InvalidModelException(file,
                    where + ": a merge needs exactly two tokens separated by a space, got '" + line + "'");
        }
        return new BpeVocabulary.MergeSpec(parts[0], parts[1], where);
    }

    private static byte[] readBytes(Path file) {
        io.clip4j.internal.ModelFiles.requireRegular(file);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidModelException(file, "file not found", e);
        } catch (IOException e) {
            throw new InvalidModelException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static String readUtf8(Path file, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidModelException(file, "not valid UTF-8 text", e);
        }
    }
}
