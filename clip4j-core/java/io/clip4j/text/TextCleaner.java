package io.clip4j.text;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * CLIP's text normalisation before byte-pair encoding, as in {@code simple_tokenizer.py}:
 * {@code whitespace_clean(basic_clean(text)).lower()}, where {@code basic_clean} is
 * {@code ftfy.fix_text} ({@link TextFixer}), {@code html.unescape} twice ({@link
 * HtmlUnescaper}) and {@code strip()}, and {@code whitespace_clean} turns each run of
 * whitespace into one space and strips again.
 *
 * <p>Two whitespace sets are involved, as in Python: {@code str.strip()} removes
 * {@code str.isspace()} characters (Unicode White_Space plus U+001C..U+001F) while the
 * {@code regex} module's {@code \s} is White_Space alone.
 */
final class TextCleaner {
    /** Unicode White_Space: the {@code regex} module's {@code \s}. */
    static final String WHITE_SPACE_CLASS =
            "\\t\\n\\x0B\\f\\r \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";

    private static final Pattern WHITESPACE_RUN = Pattern.compile("[" + WHITE_SPACE_CLASS + "]+");

    private TextCleaner() {
    }

    /** The cleaned, lower-cased text that the pre-tokenizer splits. */
    static String clean(String text) {
        String s = TextFixer.fixText(text);
        s = HtmlUnescaper.unescape(HtmlUnescaper.unescape(s));
        s = strip(s);
        s = WHITESPACE_RUN.matcher(s).replaceAll(" ");
        s = strip(s);
        return lower(s);
    }

    /**
     * Python's {@code str.lower()}: Java's root-locale lower-casing except for U+03A3 GREEK
     * CAPITAL LETTER SIGMA, for which Python's Final_Sigma test differs from Java's (Python:
     * final when the nearest character before it that is not case-ignorable is cased, and the
     * nearest one after it that is not case-ignorable is absent or not cased).
     */
    static String lower(String s) {
        int sigma = s.indexOf('\u03A3');
        if (sigma < 0) {
            return s.toLowerCase(Locale.ROOT);
        }
        StringBuilder out = new StringBuilder(s.length());
        int from = 0;
        while (sigma >= 0) {
            out.append(s.substring(from, sigma).toLowerCase(Locale.ROOT));
            out.append(isFinalSigma(s, sigma) ? '\u03C2' : '\u03C3');
            from = sigma + 1;
            sigma = s.indexOf('\u03A3', from);
        }
        return out.append(s.substring(from).toLowerCase(Locale.ROOT)).toString();
    }

    private static boolean isFinalSigma(String s, int index) {
        int i = index;
        int before = -1;
        while (i > 0) {
            int cp = s.codePointBefore(i);
            i -= Character.charCount(cp);
            if (!isCaseIgnorable(cp)) {
                before = cp;
                break;
            }
        }
        if (before < 0 || !isCased(before)) {
            return false;
        }
        for (i = index + 1; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (!isCaseIgnorable(cp)) {
                return !isCased(cp);
            }
        }
        return true;
    }

    /** Unicode's Cased property. */
    private static boolean isCased(int cp) {
        return Character.isLowerCase(cp) || Character.isUpperCase(cp) || Character.isTitleCase(cp);
    }

    /**
     * Unicode's Case_Ignorable property: categories Mn, Me, Cf, Lm, Sk, and Word_Break
     * MidLetter, MidNumLet or Single_Quote.
     */
    private static boolean isCaseIgnorable(int cp) {
        switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.FORMAT,
                    Character.MODIFIER_LETTER, Character.MODIFIER_SYMBOL -> {
                return true;
            }
            default -> {
                return switch (cp) {
                    case 0x27, 0x2E, 0x3A, 0xB7, 0x387, 0x55F, 0x5F4, 0x2018, 0x2019, 0x2024,
                            0x2027, 0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A -> true;
                    default -> false;
                };
            }
        }
    }

    /** Python's {@code str.strip()} with no argument. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isPythonSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Python's {@code str.isspace()} for one character (all such characters are in the BMP). */
    static boolean isPythonSpace(char c) {
        return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0
                || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029
                || c == 0x202F || c == 0x205F || c == 0x3000;
    }
}
