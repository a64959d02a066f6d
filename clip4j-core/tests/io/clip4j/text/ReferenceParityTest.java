package io.clip4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with the ids recorded in tiny-clip's reference.json: {@code openai_input_ids} from
 * OpenAI's {@code clip.tokenize} and {@code hf_input_ids}/{@code hf_attention_mask} from
 * Hugging Face's {@code CLIPTokenizer}.
 */
class ReferenceParityTest {
    /** Hugging Face's CLIPTokenizer does not decode HTML entities; OpenAI's does. */
    private static final Pattern HTML_ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z0-9]+);?");

    static Stream<Arguments> loaders() {
        return Stream.of(
                Arguments.of("tokenizer.json", (Supplier<ClipTokenizer>) TokenizerFixtures::tokenizerJson),
                Arguments.of("vocab.json+merges.txt", (Supplier<ClipTokenizer>) TokenizerFixtures::vocabAndMerges),
                Arguments.of("bpe_simple_vocab_16e6.txt.gz", (Supplier<ClipTokenizer>) TokenizerFixtures::original));
    }

    /** The reference row up to and including the first end token (rows are padded with 0). */
    private static int[] openaiIds(int i) {
        int[] padded = TokenizerFixtures.referenceRow("openai_input_ids", i);
        for (int k = 0; k < padded.length; k++) {
            if (padded[k] == 49407) {
                return Arrays.copyOf(padded, k + 1);
            }
        }
        throw new AssertionError("reference row " + i + " has no end token");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loaders")
    void tokenizeMatchesOpenAiClip(String form, Supplier<ClipTokenizer> loader) {
        ClipTokenizer tokenizer = loader.get();
        List<String> texts = TokenizerFixtures.referenceTexts();
        assertEquals(12, texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(openaiIds(i), tokenizer.tokenize(texts.get(i)),
                    form + ": text " + i + " '" + texts.get(i) + "'");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loaders")
    void vocabularyFacts(String form, Supplier<ClipTokenizer> loader) {
        ClipTokenizer tokenizer = loader.get();
        assertEquals(49406, tokenizer.startId(), form);
        assertEquals(49407, tokenizer.endId(), form);
        assertEquals(49408, tokenizer.vocabSize(), form);
        assertEquals(0, tokenizer.padId(), form);
        assertEquals(77, tokenizer.contextLength(), form);
    }

    @Test
    void paddedBatchFromModelDirMatchesHuggingFace() {
        ClipTokenizer tokenizer = ClipTokenizer.fromModelDir(TokenizerFixtures.TINY_CLIP);
        assertEquals(49407, tokenizer.padId(), "pad_token of tokenizer_config.json");
        List<String> texts = TokenizerFixtures.referenceTexts();
        int compared = 0;
        try (TokenBatch batch = tokenizer.tokenize(texts)) {
            assertArrayEquals(new long[] {texts.size(), 77}, batch.shape());
            for (int i = 0; i < texts.size(); i++) {
                if (HTML_ENTITY.matcher(texts.get(i)).find()) {
                    continue;
                }
                int[] hfIds = TokenizerFixtures.referenceRow("hf_input_ids", i);
                int[] hfMask = TokenizerFixtures.referenceRow("hf_attention_mask", i);
                assertEquals(77, hfIds.length);
                for (int c = 0; c < 77; c++) {
                    long at = (long) i * 77 + c;
                    assertEquals(hfIds[c], batch.ids().get(at), "ids row " + i + " column " + c);
                    assertEquals(hfMask[c], batch.attentionMask().get(at), "mask row " + i + " column " + c);
                }
                compared++;
            }
        }
        assertTrue(compared > 0, "no reference row compared");
    }

    @Test
    void openAiPaddingWithZeroMatchesOpenAiRows() {
        List<String> texts = TokenizerFixtures.referenceTexts();
        try (TokenBatch batch = TokenizerFixtures.original().tokenize(texts)) {
            for (int i = 0; i < texts.size(); i++) {
                int[] expected = TokenizerFixtures.referenceRow("openai_input_ids", i);
                for (int c = 0; c < 77; c++) {
                    assertEquals(expected[c], batch.ids().get((long) i * 77 + c), "row " + i + " column " + c);
                }
            }
        }
    }
}
