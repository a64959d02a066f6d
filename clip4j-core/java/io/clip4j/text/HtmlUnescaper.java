package io.clip4j.text;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Entities;

/**
 * The two HTML-entity decoders that CLIP's text cleaning runs, ported line by line from
 * Python: {@link #unescape} is {@code html.unescape} (used twice by {@code basic_clean}) and
 * {@link #unescapeStrict} is ftfy's {@code unescape_html} (run by {@code ftfy.fix_text}).
 *
 * <p>The entity table is jsoup's, which holds exactly the WHATWG HTML5 names of Python's
 * {@code html.entities.html5}: the 2,125 names that need a semicolon ({@link
 * Entities#isNamedEntity}) and the 106 legacy ones that also work without it ({@link
 * Entities#isBaseNamedEntity}). jsoup's own {@code Parser.unescapeEntities} is not used
 * because it differs from Python on edge cases ({@code "&ampx"}, invalid code points).
 */
final class HtmlUnescaper {
    /** Python's {@code html._charref}. */
    private static final Pattern CHARREF =
            Pattern.compile("&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");
    /** ftfy's {@code HTML_ENTITY_RE}. */
    private static final Pattern FTFY_ENTITY = Pattern.compile("&#?[0-9A-Za-z]{1,24};");

    /** Python's {@code html._invalid_charrefs}: 0, CR, and Windows-1252 for 0x80..0x9F. */
    private static final String[] INVALID_CHARREFS = new String[0xA0];
    /** Windows-1252 for 0x80..0x9F, undefined bytes left as the same code point. */
    private static final String CP1252_C1 = "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021"
            + "\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F"
            + "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014"
            + "\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

    static {
        INVALID_CHARREFS[0x00] = "\uFFFD";
        INVALID_CHARREFS[0x0D] = "\r";
        for (int i = 0x80; i < 0xA0; i++) {
            INVALID_CHARREFS[i] = String.valueOf(CP1252_C1.charAt(i - 0x80));
        }
    }

    private HtmlUnescaper() {
    }

    /** The Windows-1252 reading of a C1 control character (U+0080..U+009F). */
    static char windows1252(char c1) {
        return CP1252_C1.charAt(c1 - 0x80);
    }

    /** Python's {@code html.unescape(s)}. */
    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = CHARREF.matcher(s);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            out.append(s, last, m.start()).append(replaceCharref(m.group(1)));
            last = m.end();
        }
        if (out == null) {
            return s;
        }
        return out.append(s, last, s.length()).toString();
    }

    /** Python's {@code html._replace_charref}, given the text after the '&amp;'. */
    private static String replaceCharref(String s) {
        if (s.charAt(0) == '#') {
            boolean hex = s.charAt(1) == 'x' || s.charAt(1) == 'X';
            String digits = s.substring(hex ? 2 : 1);
            if (digits.endsWith(";")) {
                digits = digits.substring(0, digits.length() - 1);
            }
            int num = parseCodePoint(digits, hex ? 16 : 10);
            if (num >= 0 && num < INVALID_CHARREFS.length && INVALID_CHARREFS[num] != null) {
                return INVALID_CHARREFS[num];
            }
            if (num < 0 || (num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) {
                return "\uFFFD";
            }
            if (isInvalidCodePoint(num)) {
                return "";
            }
            return new String(Character.toChars(num));
        }
        boolean semicolon = s.endsWith(";");
        if (semicolon ? Entities.isNamedEntity(s.substring(0, s.length() - 1))
                : Entities.isBaseNamedEntity(s)) {
            return Entities.getByName(semicolon ? s.substring(0, s.length() - 1) : s);
        }
        // The longest legacy name (one that needs no semicolon) that s starts with.
        for (int x = s.length() - 1; x > 1; x--) {
            String prefix = s.substring(0, x);
            if (Entities.isBaseNamedEntity(prefix)) {
                return Entities.getByName(prefix) + s.substring(x);
            }
        }
        return "&" + s;
    }

    /** The number, or -1 when it is beyond any code point (Python's int has no limit). */
    private static int parseCodePoint(String digits, int radix) {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        String significant = digits.substring(start);
        if (significant.length() > 7) {
            return -1; // 8 decimal or hex digits already exceed 0x10FFFF
        }
        return Integer.parseInt(significant, radix);
    }

    /** Python's {@code html._invalid_codepoints}. */
    private static boolean isInvalidCodePoint(int cp) {
        return (cp >= 0x1 && cp <= 0x8)
                || cp == 0xB
                || (cp >= 0xE && cp <= 0x1F)
                || (cp >= 0x7F && cp <= 0x9F)
                || (cp >= 0xFDD0 && cp <= 0xFDEF)
                || (cp & 0xFFFE) == 0xFFFE;
    }

    /**
     * ftfy's {@code unescape_html}: decodes only complete, semicolon-terminated references
     * of at most 24 letters or digits, plus all-caps spellings of lower-case entity names
     * ({@code &NTILDE;} gives "Ñ").
     */
    static String unescapeStrict(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = FTFY_ENTITY.matcher(s);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            out.append(s, last, m.start()).append(unescapeFixup(m.group()));
            last = m.end();
        }
        if (out == null) {
            return s;
        }
        return out.append(s, last, s.length()).toString();
    }

    /** ftfy's {@code _unescape_fixup} for one match of its entity pattern. */
    private static String unescapeFixup(String text) {
        if (text.startsWith("&#")) {
            String unescaped = unescape(text);
            return unescaped.indexOf(';') >= 0 ? text : unescaped;
        }
        String name = text.substring(1, text.length() - 1);
        if (Entities.isNamedEntity(name)) {
            return Entities.getByName(name);
        }
        String upper = upperCaseEntity(name);
        return upper != null ? upper : text;
    }

    /**
     * The value of ftfy's extra entry {@code "&" + NAME + ";"}, made for every lower-case HTML5
     * name whose all-caps spelling Python's {@code html.unescape} leaves alone; null if none.
     */
    private static String upperCaseEntity(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.toUpperCase(Locale.ROOT).equals(name) || !Entities.isNamedEntity(lower)) {
            return null;
        }
        // html.unescape("&NAME;") changes it iff a legacy name is a prefix of NAME.
        for (int x = name.length(); x > 1; x--) {
            if (Entities.isBaseNamedEntity(name.substring(0, x))) {
                return null;
            }
        }
        return Entities.getByName(lower).toUpperCase(Locale.ROOT);
    }
}
