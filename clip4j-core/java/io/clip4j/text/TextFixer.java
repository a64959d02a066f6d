package io.clip4j.text;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * A port of {@code ftfy.fix_text(text)} with ftfy 6's default configuration, minus the
 * mojibake repair ({@code fix_encoding}: re-decoding text such as "cafÃ©" that went through
 * the wrong codec, with its {@code restore_byte_a0}, {@code replace_lossy_sequences} and
 * {@code decode_inconsistent_utf8}), which rests on large statistical tables. Everything else
 * that ftfy does by default is here, in ftfy's order:
 *
 * <ol>
 *   <li>the text is fixed in segments that end after each '\n' (at most 1,000,000 code
 *       points); HTML entities are decoded ({@link HtmlUnescaper#unescapeStrict}) until the
 *       first segment that contains '&lt;', and not from there on;
 *   <li>each segment goes through the steps below, repeatedly, until it no longer changes:
 *       entities, C1 controls read as Windows-1252, Latin ligatures split ("ﬁ" to "fi"),
 *       half- and full-width forms to normal width ("ＡＢ" to "AB", U+3000 to a space), curly
 *       quotes straightened, line breaks to '\n', unpaired surrogates to U+FFFD, ANSI terminal
 *       escapes removed, ftfy's control characters removed (U+0000..U+0008, U+000B,
 *       U+000E..U+001F, U+007F, U+206A..U+206F, U+FEFF, U+FFF9..U+FFFC), then NFC.
 * </ol>
 */
final class TextFixer {
    private static final int MAX_SEGMENT_CODE_POINTS = 1_000_000;
    /** Guard against a cycle ftfy would not have; real text settles in two or three rounds. */
    private static final int MAX_ROUNDS = 1000;

    /** ftfy's {@code ANSI_RE}; Python's \d is any decimal digit (category Nd). */
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[(?:\\p{Nd}|;)*[a-zA-Z]");

    /** ftfy's {@code LIGATURES}, as pairs of (ligature, replacement). */
    private static final String[][] LIGATURES = {
        {"\u0132", "IJ"}, {"\u0133", "ij"}, {"\u0149", "\u02BCn"},
        {"\u01F1", "DZ"}, {"\u01F2", "Dz"}, {"\u01F3", "dz"},
        {"\u01C4", "D\u017D"}, {"\u01C5", "D\u017E"}, {"\u01C6", "d\u017E"},
        {"\u01C7", "LJ"}, {"\u01C8", "Lj"}, {"\u01C9", "lj"},
        {"\u01CA", "NJ"}, {"\u01CB", "Nj"}, {"\u01CC", "nj"},
        {"\uFB00", "ff"}, {"\uFB01", "fi"}, {"\uFB02", "fl"}, {"\uFB03", "ffi"},
        {"\uFB04", "ffl"}, {"\uFB05", "\u017Ft"}, {"\uFB06", "st"},
    };

    /** ftfy's {@code WIDTH_MAP}, indexed by char - 0xFF00; null where unchanged. */
    private static final String[] WIDTH_MAP = new String[0x100];

    static {
        for (int c = 0xFF01; c < 0xFFF0; c++) {
            String ch = String.valueOf((char) c);
            String alt = Normalizer.normalize(ch, Normalizer.Form.NFKC);
            if (!alt.equals(ch)) {
                WIDTH_MAP[c - 0xFF00] = alt;
            }
        }
    }

    private TextFixer() {
    }

    /** {@code ftfy.fix_text(text)} without mojibake repair; see the class comment. */
    static String fixText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean unescapeHtml = true; // ftfy's unescape_html="auto"
        int pos = 0;
        while (pos < text.length()) {
            int newline = text.indexOf('\n', pos);
            int end = newline < 0 ? text.length() : newline + 1;
            if (text.codePointCount(pos, end) > MAX_SEGMENT_CODE_POINTS) {
                end = text.offsetByCodePoints(pos, MAX_SEGMENT_CODE_POINTS);
            }
            String segment = text.substring(pos, end);
            if (unescapeHtml && segment.indexOf('<') >= 0) {
                unescapeHtml = false; // as in ftfy, this holds for the rest of the text
            }
            out.append(fixSegment(segment, unescapeHtml));
            pos = end;
        }
        return out.toString();
    }

    /** ftfy's {@code fix_and_explain} loop for one segment. */
    private static String fixSegment(String text, boolean unescapeHtml) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String before = text;
            if (unescapeHtml) {
                text = HtmlUnescaper.unescapeStrict(text);
            }
            text = fixC1Controls(text);
            text = fixLatinLigatures(text);
            text = fixCharacterWidth(text);
            text = uncurlQuotes(text);
            text = fixLineBreaks(text);
            text = fixSurrogates(text);
            text = removeTerminalEscapes(text);
            text = removeControlChars(text);
            text = Normalizer.normalize(text, Normalizer.Form.NFC);
            if (text.equals(before)) {
                break;
            }
        }
        return text;
    }

    static String fixC1Controls(String s) {
        if (!contains(s, 0x80, 0x9F)) {
            return s;
        }
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 0x80 && chars[i] <= 0x9F) {
                chars[i] = HtmlUnescaper.windows1252(chars[i]);
            }
        }
        return new String(chars);
    }

    static String fixLatinLigatures(String s) {
        for (String[] ligature : LIGATURES) {
            s = s.replace(ligature[0], ligature[1]);
        }
        return s;
    }

    static String fixCharacterWidth(String s) {
        if (!contains(s, 0x3000, 0x3000) && !contains(s, 0xFF01, 0xFFEF)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String mapped = c == 0x3000 ? " " : (c >= 0xFF01 && c < 0xFFF0) ? WIDTH_MAP[c - 0xFF00] : null;
            if (mapped != null) {
                out.append(mapped);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** U+02BC and U+2018..U+201B become ', U+201C..U+201F become ". */
    static String uncurlQuotes(String s) {
        if (!contains(s, 0x02BC, 0x02BC) && !contains(s, 0x2018, 0x201F)) {
            return s;
        }
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c == 0x02BC || (c >= 0x2018 && c <= 0x201B)) {
                chars[i] = '\'';
            } else if (c >= 0x201C && c <= 0x201F) {
                chars[i] = '"';
            }
        }
        return new String(chars);
    }

    static String fixLineBreaks(String s) {
        return s.replace("\r\n", "\n")
                .replace('\r', '\n')
                .replace('\u2028', '\n')
                .replace('\u2029', '\n')
                .replace('\u0085', '\n');
    }

    /** Unpaired surrogates (which Java strings, like Python's, can hold) become U+FFFD. */
    static String fixSurrogates(String s) {
        if (!contains(s, 0xD800, 0xDFFF)) {
            return s;
        }
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (Character.isHighSurrogate(c) && i + 1 < chars.length
                    && Character.isLowSurrogate(chars[i + 1])) {
                i++;
            } else if (Character.isSurrogate(c)) {
                chars[i] = '\uFFFD';
            }
        }
        return new String(chars);
    }

    static String removeTerminalEscapes(String s) {
        return s.indexOf('\u001B') < 0 ? s : ANSI_ESCAPE.matcher(s).replaceAll("");
    }

    static String removeControlChars(String s) {
        int i = 0;
        while (i < s.length() && !isFtfyControl(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        out.append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isFtfyControl(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** ftfy's {@code CONTROL_CHARS}; all are BMP code points that are not surrogates. */
    static boolean isFtfyControl(char c) {
        return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F
                || (c >= 0x206A && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
    }

    private static boolean contains(String s, int from, int to) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= from && c <= to) {
                return true;
            }
        }
        return false;
    }
}
