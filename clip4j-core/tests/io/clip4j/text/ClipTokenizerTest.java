package io.clip4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour of OpenAI's tokenizer that can be checked by hand. */
class ClipTokenizerTest {
    private static final int SOT = 49406;
    private static final int EOT = 49407;

    private final ClipTokenizer tokenizer = TokenizerFixtures.original();

    /** The ids of the tokens, as the vocabulary spells them (byte symbols, "</w>"). */
    private int[] idsOf(String... tokens) {
        BpeVocabulary vocabulary = TokenizerFixtures.originalVocabulary();
        return Arrays.stream(tokens).mapToInt(t -> {
            Integer id = vocabulary.id(t);
            if (id == null) {
                throw new AssertionError("no token '" + t + "' in the vocabulary");
            }
            return id;
        }).toArray();
    }

    @Test
    void specialTokensAreTheLastTwoIds() {
        assertEquals(SOT, tokenizer.startId());
        assertEquals(EOT, tokenizer.endId());
        assertArrayEquals(new int[] {SOT, EOT}, tokenizer.encode("<|startoftext|><|endoftext|>"));
        assertArrayEquals(new int[] {SOT, SOT, EOT, EOT}, tokenizer.tokenize("<|startoftext|> <|ENDOFTEXT|>"));
        assertEquals("<|startoftext|>", tokenizer.decode(new int[] {SOT}));
        assertEquals("<|endoftext|>", tokenizer.decode(new int[] {EOT}));
    }

    @Test
    void firstIdsAreTheByteSymbolsInBytesToUnicodeOrder() {
        // '!' is byte 33, the first of bytes_to_unicode; "!</w>" follows the 256 symbols.
        assertEquals("!", tokenizer.decode(new int[] {0}));
        assertArrayEquals(new int[] {SOT, 256, EOT}, tokenizer.tokenize("!"));
        // byte 0x00 is the first byte outside the printable ranges: symbol U+0100, id 188.
        assertArrayEquals(idsOf("\u0100", "\u0101</w>"), new int[] {188, 256 + 189});
    }

    @Test
    void encodeHasNoSpecialTokens() {
        int[] encoded = tokenizer.encode("a photo of a cat");
        int[] tokenized = tokenizer.tokenize("a photo of a cat");
        assertArrayEquals(Arrays.copyOfRange(tokenized, 1, tokenized.length - 1), encoded);
        assertArrayEquals(idsOf("a</w>", "photo</w>", "of</w>", "a</w>", "cat</w>"), encoded);
    }

    @Test
    void emptyAndWhitespaceOnlyTextGiveStartAndEnd() {
        for (String text : List.of("", " ", "   ", "\t\n\r ", "\u00A0\u3000\u2003", "\u0000 \uFEFF")) {
            assertArrayEquals(new int[] {SOT, EOT}, tokenizer.tokenize(text), "'" + text + "'");
            assertArrayEquals(new int[0], tokenizer.encode(text));
        }
    }

    @Test
    void htmlEntitiesAreDecodedTwice() {
        assertArrayEquals(tokenizer.tokenize("fish & chips"), tokenizer.tokenize("fish &amp; chips"));
        assertArrayEquals(tokenizer.tokenize("fish & chips"), tokenizer.tokenize("fish &amp;amp; chips"));
        assertArrayEquals(tokenizer.tokenize("<b>"), tokenizer.tokenize("&lt;b&gt;"));
        assertArrayEquals(idsOf("&</w>"), tokenizer.encode("&amp;"));
        assertArrayEquals(tokenizer.tokenize("caf\u00e9"), tokenizer.tokenize("caf&eacute;"));
        assertArrayEquals(tokenizer.tokenize("A"), tokenizer.tokenize("&#65;"));
        assertArrayEquals(tokenizer.tokenize("A"), tokenizer.tokenize("&#x41;"));
    }

    @Test
    void greekSigmaIsLowerCasedAsPythonDoes() {
        // Python: 'NEW-Σ'.lower() == 'new-σ' (not final after '-'); 'ΟΔΟΣ'.lower() == 'οδος'
        assertArrayEquals(tokenizer.encode("new-\u03c3"), tokenizer.encode("NEW-\u03a3"));
        assertArrayEquals(tokenizer.encode("\u03bf\u03b4\u03bf\u03c2"), tokenizer.encode("\u039f\u0394\u039f\u03a3"));
        assertFalse(Arrays.equals(tokenizer.encode("new-\u03c3"), tokenizer.encode("new-\u03c2")));
    }

    @Test
    void caseAndWhitespaceAreNormalised() {
        int[] expected = tokenizer.tokenize("a photo of a cat");
        assertArrayEquals(expected, tokenizer.tokenize("A PHOTO OF A CAT"));
        assertArrayEquals(expected, tokenizer.tokenize("  a\tphoto\n\nof   a\u00A0cat  "));
    }

    @Test
    void contractionsAndDigitsSplitAsInClip() {
        assertArrayEquals(idsOf("it</w>", "'s</w>"), tokenizer.encode("it's"));
        // each digit is its own piece
        assertArrayEquals(idsOf("1</w>", "2</w>", "3</w>"), tokenizer.encode("123"));
        // ftfy straightens the curly apostrophe first
        assertArrayEquals(tokenizer.encode("it's"), tokenizer.encode("it\u2019s"));
        assertArrayEquals(tokenizer.encode("it's"), tokenizer.encode("it&rsquo;s"));
    }

    @Test
    void longTextIsTruncatedToContextLengthKeepingEndToken() {
        String text = "a photo of a cat ".repeat(100);
        int[] tokens = tokenizer.tokenize(text);
        assertEquals(77, tokens.length);
        assertEquals(SOT, tokens[0]);
        assertEquals(EOT, tokens[76]);
        int[] encoded = tokenizer.encode(text);
        assertEquals(500, encoded.length);
        assertArrayEquals(Arrays.copyOf(encoded, 75), Arrays.copyOfRange(tokens, 1, 76));
        // a word of several tokens that straddles the cut
        String word = "qwertyuiop ";
        int perWord = tokenizer.encode(word).length;
        assertTrue(perWord > 1 && 75 % perWord != 0, "word gives " + perWord + " tokens");
        int[] cut = tokenizer.tokenize(word.repeat(80));
        assertEquals(77, cut.length);
        assertEquals(EOT, cut[76]);
        assertArrayEquals(Arrays.copyOf(tokenizer.encode(word.repeat(80)), 75), Arrays.copyOfRange(cut, 1, 76));
        // exactly 75 text tokens still fit untruncated
        String fits = "cat ".repeat(75);
        int[] full = tokenizer.tokenize(fits);
        assertEquals(77, full.length);
        assertArrayEquals(tokenizer.encode(fits), Arrays.copyOfRange(full, 1, 76));
    }

    @Test
    void contextLengthCanBeChanged() {
        ClipTokenizer short4 = tokenizer.withContextLength(4);
        assertEquals(4, short4.contextLength());
        int[] cat = tokenizer.encode("a photo of a cat");
        assertArrayEquals(new int[] {SOT, cat[0], cat[1], EOT}, short4.tokenize("a photo of a cat"));
        assertArrayEquals(new int[] {SOT, EOT}, tokenizer.withContextLength(2).tokenize("a photo"));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.withContextLength(1));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.withContextLength(0));
        assertEquals(77, tokenizer.contextLength(), "the original is unchanged");
    }

    @Test
    void padIdCanBeChanged() {
        assertEquals(EOT, tokenizer.withPadId(EOT).padId());
        assertEquals(0, tokenizer.padId());
        assertThrows(IllegalArgumentException.class, () -> tokenizer.withPadId(-1));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.withPadId(49408));
    }

    @Test
    void unusualTextDoesNotThrow() {
        List<String> texts = List.of(
                "emoji \uD83D\uDC31\uD83D\uDC36 \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \uD83C\uDDEF\uD83C\uDDF5",
                "\u65E5\u672C\u8A9E\u306E\u30C6\u30AD\u30B9\u30C8 \uD55C\uAD6D\uC5B4 \u0627\u0644\u0639\u0631\u0628\u064A\u0629",
                "control \u0000\u0001\u0007\u001B[31mred\u001B[0m\u007F\u0085\u009F",
                "lone \uD800 surrogates \uDC00 and \uDBFF",
                "\uDFFF\uD800",
                "\uFFFD\uFFFF\uFDD0 \uDB40\uDC01",
                "&#0; &#xD800; &#1114112; &#99999999999999999999; &; &",
                "\u0345\u0345 ι\u0345 \u017F 'ſ <|ſtartoftext|>");
        for (String text : texts) {
            int[] tokens = assertDoesNotThrow(() -> tokenizer.tokenize(text), text);
            assertEquals(SOT, tokens[0]);
            assertEquals(EOT, tokens[tokens.length - 1]);
            for (int id : tokens) {
                assertTrue(id >= 0 && id < 49408);
            }
        }
    }

    @Test
    void unpairedSurrogatesBecomeReplacementCharacters() {
        assertArrayEquals(tokenizer.encode("a \uFFFD b"), tokenizer.encode("a \uD800 b"));
        assertArrayEquals(tokenizer.encode("a \uFFFD b"), tokenizer.encode("a \uDC00 b"));
        assertArrayEquals(tokenizer.encode("\uFFFD\uFFFD"), tokenizer.encode("\uDC00\uD800"));
        assertArrayEquals(tokenizer.encode("\uFFFD"), tokenizer.encode("\uD83D"));
        // a proper pair is one character
        assertFalse(Arrays.equals(tokenizer.encode("\uFFFD\uFFFD"), tokenizer.encode("\uD83D\uDC31")));
        assertEquals("\uD83D\uDC31 ", tokenizer.decode(tokenizer.encode("\uD83D\uDC31")));
    }

    @Test
    void decodeGivesBackTheCleanedText() {
        assertEquals("a photo of a cat ", tokenizer.decode(tokenizer.encode("A Photo of a CAT")));
        assertEquals("<|startoftext|>caf\u00e9 na\u00efve <|endoftext|>",
                tokenizer.decode(tokenizer.tokenize("Caf\u00e9 na\u00efve")));
        assertEquals("\u65E5\u672C ", tokenizer.decode(tokenizer.encode("\u65E5\u672C")));
        assertEquals("\uFFFD", tokenizer.decode(new int[] {-1}));
        assertEquals("\uFFFD", tokenizer.decode(new int[] {49408}));
    }

    @Test
    void nullArgumentsAreRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tokenizer.tokenize((String) null));
        assertTrue(e.getMessage().contains("text"));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.encode(null));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(null));
        e = assertThrows(IllegalArgumentException.class, () -> tokenizer.tokenize((List<String>) null));
        assertTrue(e.getMessage().contains("texts"));
        List<String> withNull = new ArrayList<>(List.of("a", "b"));
        withNull.add(null);
        e = assertThrows(IllegalArgumentException.class, () -> tokenizer.tokenize(withNull));
        assertTrue(e.getMessage().contains("texts[2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClipTokenizer.fromModelDir(null));
        assertThrows(IllegalArgumentException.class, () -> ClipTokenizer.fromTokenizerJson(null));
        assertThrows(IllegalArgumentException.class, () -> ClipTokenizer.fromOriginalBpe(null));
        assertThrows(IllegalArgumentException.class, () -> ClipTokenizer.fromVocabAndMerges(TokenizerFixtures.VOCAB_JSON, null));
    }

    @Test
    void copiesShareTheVocabulary() {
        ClipTokenizer copy = tokenizer.withPadId(5).withContextLength(10);
        assertArrayEquals(tokenizer.encode("shared vocabulary"), copy.encode("shared vocabulary"));
        assertEquals(5, copy.padId());
        assertEquals(10, copy.contextLength());
    }
}
