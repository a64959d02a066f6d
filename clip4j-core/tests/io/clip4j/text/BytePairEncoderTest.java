package io.clip4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge procedure of {@code SimpleTokenizer.bpe()} on a hand-made vocabulary whose
 * results can be worked out by hand: the lowest-ranked pair merges first, wherever it
 * occurs, scanning left to right, until no adjacent pair has a rank.
 */
class BytePairEncoderTest {
    private static final List<String> MERGES = List.of(
            "a a",        // rank 0: aa
            "aa a</w>",   // rank 1: aaa</w>
            "b c</w>",    // rank 2: bc</w>
            "a b",        // rank 3: ab
            "ab c</w>");  // rank 4: abc</w>, never reached: b c</w> merges first

    private static ClipTokenizer tokenizer;
    private static Map<String, Integer> ids;

    @BeforeAll
    static void writeVocabulary(@TempDir Path dir) throws IOException {
        ids = new LinkedHashMap<>();
        for (char symbol : ByteUnicode.symbolsInVocabularyOrder()) {
            ids.put(String.valueOf(symbol), ids.size());
        }
        for (char symbol : ByteUnicode.symbolsInVocabularyOrder()) {
            ids.put(symbol + "</w>", ids.size());
        }
        for (String merge : MERGES) {
            ids.put(merge.replace(" ", ""), ids.size());
        }
        ids.put("<|startoftext|>", ids.size());
        ids.put("<|endoftext|>", ids.size());
        Path vocab = dir.resolve("vocab.json");
        new ObjectMapper().writeValue(vocab.toFile(), ids);
        Path merges = dir.resolve("merges.txt");
        Files.writeString(merges, "#version: 0.2\n" + String.join("\n", MERGES) + "\n");
        tokenizer = ClipTokenizer.fromVocabAndMerges(vocab, merges);
    }

    private static int[] idsOf(String... tokens) {
        return Arrays.stream(tokens).mapToInt(ids::get).toArray();
    }

    @Test
    void mergesRepeatUntilNoRankedPairIsLeft() {
        // a a a</w> -> aa a</w> -> aaa</w>
        assertArrayEquals(idsOf("aaa</w>"), tokenizer.encode("aaa"));
    }

    @Test
    void eachRoundMergesAllOccurrencesLeftToRightWithoutOverlap() {
        // a a a a</w>: pairs (a,a) merge at 0-1, then 2-3 is (a,a</w>), unranked -> aa a a</w>
        assertArrayEquals(idsOf("aa", "a", "a</w>"), tokenizer.encode("aaaa"));
        // a a a a a</w> -> aa aa a</w> -> (aa,a</w>) is rank 1 -> aa aaa</w>
        assertArrayEquals(idsOf("aa", "aaa</w>"), tokenizer.encode("aaaaa"));
    }

    @Test
    void lowestRankMergesFirstNotLeftmost() {
        // a b c</w>: (b,c</w>) rank 2 beats (a,b) rank 3 -> a bc</w>, and (a,bc</w>) is unranked
        assertArrayEquals(idsOf("a", "bc</w>"), tokenizer.encode("abc"));
    }

    @Test
    void singleByteGetsTheEndOfWordSymbol() {
        assertArrayEquals(idsOf("a</w>"), tokenizer.encode("a"));
        assertArrayEquals(idsOf("b</w>", "a</w>"), tokenizer.encode("b a"));
    }

    @Test
    void multiByteCharactersAreSplitIntoByteSymbols() {
        // é is UTF-8 C3 A9: symbols 'Ã' and '©</w>'
        assertArrayEquals(idsOf("\u00C3", "\u00A9</w>"), tokenizer.encode("\u00e9"));
        assertEquals("\u00e9 ", tokenizer.decode(tokenizer.encode("\u00e9")));
    }

    @Test
    void cachedResultsAreNotShared() {
        int[] first = tokenizer.encode("aaa aaa");
        first[0] = -5;
        assertArrayEquals(idsOf("aaa</w>", "aaa</w>"), tokenizer.encode("aaa aaa"));
    }
}
