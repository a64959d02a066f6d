package io.clip4j.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits cleaned text into the pieces that are byte-pair encoded one by one, with CLIP's
 * pattern
 * {@code <\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+}
 * compiled by Python's {@code regex} module with IGNORECASE.
 *
 * <p>The text is already lower-case, so case-insensitivity matters for two characters only,
 * and both are reproduced here: U+017F LATIN SMALL LETTER LONG S matches the pattern's 's'
 * (so "'ſ" is one piece, like "'s"), and U+0345 COMBINING GREEK YPOGEGRAMMENI, whose case
 * folding is a letter, falls in neither the letter nor the "other" class and so belongs to
 * no piece: the reference drops it.
 */
final class PreTokenizer {
    /** The special token that starts every sequence. */
    static final String START_OF_TEXT = "<|startoftext|>";
    /** The special token that ends every sequence. */
    static final String END_OF_TEXT = "<|endoftext|>";

    private static final Pattern PIECE = Pattern.compile(
            "<\\|[s\u017F]tartoftext\\|>|<\\|endoftext\\|>"
                    + "|'[s\u017F]|'t|'re|'ve|'m|'ll|'d"
                    + "|\\p{L}+|\\p{N}"
                    + "|[^" + TextCleaner.WHITE_SPACE_CLASS + "\\p{L}\\p{N}\u0345]+");

    private PreTokenizer() {
    }

    /** A matcher whose successive {@code find()} matches are the pieces of cleaned text. */
    static Matcher pieces(String cleaned) {
        return PIECE.matcher(cleaned);
    }

    /** The pieces of cleaned text, in order. */
    static List<String> split(String cleaned) {
        List<String> pieces = new ArrayList<>();
        Matcher m = pieces(cleaned);
        while (m.find()) {
            pieces.add(m.group());
        }
        return pieces;
    }
}
