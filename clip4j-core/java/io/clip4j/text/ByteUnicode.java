package io.clip4j.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * GPT-2's reversible mapping between the 256 byte values and 256 printable Unicode characters
 * ({@code bytes_to_unicode()} in CLIP's {@code simple_tokenizer.py}). Byte-level BPE works on
 * the mapped characters, so every UTF-8 byte of the input has a symbol and no symbol is
 * whitespace or a control character.
 *
 * <p>The bytes {@code '!'..'~'}, {@code '¡'..'¬'} and {@code '®'..'ÿ'} map to themselves; the
 * remaining 68 bytes map, in increasing order, to U+0100, U+0101, ... The base vocabulary of
 * the original CLIP file lists the symbols in that same order: first the self-mapped bytes,
 * then the others.
 */
final class ByteUnicode {
    /** Symbol of each byte value. */
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** Byte value of each symbol, indexed by the symbol's char; -1 where none. */
    private static final int[] CHAR_TO_BYTE;
    /** The 256 byte values in {@code bytes_to_unicode()} insertion order. */
    private static final int[] ORDER = new int[256];

    static {
        boolean[] printable = new boolean[256];
        int count = 0;
        for (int b = 0; b < 256; b++) {
            if ((b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF)) {
                printable[b] = true;
                BYTE_TO_CHAR[b] = (char) b;
                ORDER[count++] = b;
            }
        }
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (!printable[b]) {
                BYTE_TO_CHAR[b] = (char) (256 + n);
                n++;
                ORDER[count++] = b;
            }
        }
        CHAR_TO_BYTE = new int[256 + n];
        Arrays.fill(CHAR_TO_BYTE, -1);
        for (int b = 0; b < 256; b++) {
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    private ByteUnicode() {
    }

    /** The symbol that stands for byte value {@code b} (0..255). */
    static char symbolOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte value that symbol {@code c} stands for, or -1 if {@code c} is no byte symbol. */
    static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /**
     * The 256 byte symbols in the order of {@code bytes_to_unicode().values()}, which is the
     * order of the first 256 ids of the original CLIP vocabulary.
     */
    static char[] symbolsInVocabularyOrder() {
        char[] out = new char[256];
        for (int i = 0; i < 256; i++) {
            out[i] = BYTE_TO_CHAR[ORDER[i]];
        }
        return out;
    }

    /**
     * The bytes that a token's symbols stand for. A char that is no byte symbol (possible only
     * with a hand-made vocabulary) contributes its own UTF-8 bytes, so decoding never fails.
     */
    static void appendBytes(String token, ByteArrayOutputStream out) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            int b = byteOf(c);
            if (b >= 0) {
                out.write(b);
            } else {
                int cp = token.codePointAt(i);
                byte[] raw = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(raw, 0, raw.length);
                i += Character.charCount(cp) - 1;
            }
        }
    }
}
