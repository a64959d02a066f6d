package io.clip4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clip4j.InvalidModelException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Loading each file form, and the errors for bad files: each names the file at fault. */
class LoaderTest {
    @TempDir
    Path dir;

    private static InvalidModelException assertInvalid(Executable load, Path file, String... fragments) {
        InvalidModelException e = assertThrows(InvalidModelException.class, load);
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void mergesAsStringsAndAsPairsGiveTheSameTokenizer() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(TokenizerFixtures.TOKENIZER_JSON.toFile());
        ArrayNode pairs = (ArrayNode) root.get("model").get("merges");
        assertTrue(pairs.get(0).isArray(), "tiny-clip stores merges as pairs");
        ArrayNode strings = json.createArrayNode();
        for (JsonNode pair : pairs) {
            strings.add(pair.get(0).asText() + " " + pair.get(1).asText());
        }
        ((ObjectNode) root.get("model")).set("merges", strings);
        Path rewritten = dir.resolve("tokenizer.json");
        json.writeValue(rewritten.toFile(), root);
        ClipTokenizer fromStrings = ClipTokenizer.fromTokenizerJson(rewritten);
        for (String text : TokenizerFixtures.referenceTexts()) {
            assertArrayEquals(TokenizerFixtures.tokenizerJson().tokenize(text), fromStrings.tokenize(text), text);
        }
    }

    @Test
    void missingFiles() {
        Path missing = dir.resolve("absent-tokenizer.json");
        assertInvalid(() -> ClipTokenizer.fromTokenizerJson(missing), missing, "not found");
        Path missingGz = dir.resolve("absent_bpe.txt.gz");
        assertInvalid(() -> ClipTokenizer.fromOriginalBpe(missingGz), missingGz, "not found");
        Path missingMerges = dir.resolve("absent-merges.txt");
        assertInvalid(() -> ClipTokenizer.fromVocabAndMerges(TokenizerFixtures.VOCAB_JSON, missingMerges), missingMerges);
        Path missingVocab = dir.resolve("absent-vocab.json");
        assertInvalid(() -> ClipTokenizer.fromVocabAndMerges(missingVocab, TokenizerFixtures.MERGES_TXT), missingVocab);
    }

    @Test
    void malformedJson() throws IOException {
        Path tokenizerJson = Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"vocab\": ");
        assertInvalid(() -> ClipTokenizer.fromTokenizerJson(tokenizerJson), tokenizerJson, "malformed JSON");
        Path vocab = Files.writeString(dir.resolve("vocab.json"), "not json at all");
        assertInvalid(() -> ClipTokenizer.fromVocabAndMerges(vocab, TokenizerFixtures.MERGES_TXT), vocab, "malformed JSON");
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        assertInvalid(() -> ClipTokenizer.fromTokenizerJson(empty), empty, "malformed JSON");
    }

    @Test
    void missingFields() throws IOException {
        Path noModel = Files.writeString(dir.resolve("no-model.json"), "{\"version\": \"1.0\"}");
        assertInvalid(() -> ClipTokenizer.fromTokenizerJson(noModel), noModel, "'model'");
        Path noVocab = Files.writeString(dir.resolve("no-vocab.json"), "{\"model\": {\"merges\": []}}");
        assertInvalid(() -> ClipTokenizer.fromTokenizerJson(noVocab), noVocab, "model.vocab");
        Path noMerges = Files.writeString(dir.resolve("no-merges.json"), "{\"model\": {\"vocab\": {\"a\": 0}}}");
        assertInvalid(() -> ClipTokenizer.fromTokenizerJson(noMerges), noMerges, "model.merges");
        Path badMerge = Files.writeString(dir.resolve("bad-merge.json"),
                "{\"model\": {\"vocab\": {\"a\": 0}, \"merges\": [[\"a\"]]}}");
        assertInvalid(() -> ClipTokenizer.fromTokenizerJson(badMerge), badMerge, "model.merges[0]");
        Path oneToken = Files.writeString(dir.resolve("one-token.json"),
                "{\"model\": {\"vocab\": {\"a\": 0}, \"merges\": [\"i n\", \"th\"]}}");
        assertInvalid(() -> ClipTokenizer.fromTokenizerJson(oneToken), oneToken, "model.merges[1]", "'th'");
        Path badId = Files.writeString(dir.resolve("bad-id.json"),
                "{\"model\": {\"vocab\": {\"a\": \"zero\"}, \"merges\": []}}");
        assertInvalid(() -> ClipTokenizer.fromTokenizerJson(badId), badId, "model.vocab", "'a'");
        // a vocabulary without CLIP's byte symbols cannot encode every text
        Path tiny = Files.writeString(dir.resolve("tiny.json"),
                "{\"model\": {\"vocab\": {\"a\": 0}, \"merges\": []}}");
        assertInvalid(() -> ClipTokenizer.fromTokenizerJson(tiny), tiny, "model.vocab has no byte symbol");
    }

    @Test
    void mergesLineWithOneToken() throws IOException {
        Path merges = Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\ni n\nth\nt h\n");
        assertInvalid(() -> ClipTokenizer.fromVocabAndMerges(TokenizerFixtures.VOCAB_JSON, merges), merges,
                "line 3", "'th'");
        Path three = Files.writeString(dir.resolve("three.txt"), "i n x\n");
        assertInvalid(() -> ClipTokenizer.fromVocabAndMerges(TokenizerFixtures.VOCAB_JSON, three), three, "line 1");
    }

    @Test
    void mergeOutsideTheVocabulary() throws IOException {
        Path merges = Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\ni n\n\u4e00 \u4e01\n");
        assertInvalid(() -> ClipTokenizer.fromVocabAndMerges(TokenizerFixtures.VOCAB_JSON, merges), merges,
                "line 3", "not in the vocabulary");
    }

    @Test
    void badOriginalFiles() throws IOException {
        Path notGzip = Files.writeString(dir.resolve("plain_bpe.txt.gz"), "#version: 0.2\ni n\n");
        assertInvalid(() -> ClipTokenizer.fromOriginalBpe(notGzip), notGzip, "gzip");
        Path shortGz = dir.resolve("short_bpe.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(shortGz))) {
            out.write("#version: 0.2\ni n\nt h\n".getBytes(StandardCharsets.UTF_8));
        }
        assertInvalid(() -> ClipTokenizer.fromOriginalBpe(shortGz), shortGz, "48894");
    }

    @Test
    void specialTokensComeFromAddedTokens() throws IOException {
        // tokenizer.json's added_tokens override model.vocab
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(TokenizerFixtures.TOKENIZER_JSON.toFile());
        ObjectNode vocab = (ObjectNode) root.get("model").get("vocab");
        vocab.remove(List.of("<|startoftext|>", "<|endoftext|>"));
        Path file = dir.resolve("tokenizer.json");
        json.writeValue(file.toFile(), root);
        ClipTokenizer tokenizer = ClipTokenizer.fromTokenizerJson(file);
        assertEquals(49406, tokenizer.startId());
        assertEquals(49407, tokenizer.endId());
        ((ArrayNode) root.get("added_tokens")).removeAll();
        json.writeValue(file.toFile(), root);
        assertInvalid(() -> ClipTokenizer.fromTokenizerJson(file), file, "<|startoftext|>");
    }
}
