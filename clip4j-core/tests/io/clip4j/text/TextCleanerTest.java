package io.clip4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CLIP's cleaning, checked against documented behaviour: the examples of ftfy's docstrings
 * (ftfy 6.3, fixes.py) and of Python's {@code html.unescape} and {@code str} methods.
 */
class TextCleanerTest {

    @Test
    void ftfyDocstringExamples() {
        assertEquals("\"here's a test\"", TextFixer.fixText("\u201chere\u2019s a test\u201d"));
        assertEquals("fluffiest", TextFixer.fixText("\uFB02u\uFB03e\uFB06"));
        assertEquals("LOUD NOISES", TextFixer.fixText("\uFF2C\uFF2F\uFF35\uFF24\u3000\uFF2E\uFF2F\uFF29\uFF33\uFF25\uFF33"));
        assertEquals("U\u30BF\u30FC\u30F3", TextFixer.fixText("\uFF35\uFF80\uFF70\uFF9D"));
        assertEquals("I'm blue, da ba dee da ba doo...",
                TextFixer.fixText("\u001B[36;44mI'm blue, da ba dee da ba doo...\u001B[0m"));
        assertEquals("This string is made of two things:\n1. Unicode\n2. Spite",
                TextFixer.fixText("This string is made of two things:\u20291. Unicode\u20282. Spite"));
        assertEquals("\uD83D\uDCA9", TextFixer.fixText("\uD83D\uDCA9"));
        assertEquals("\uFFFD\uFFFD", TextFixer.fixText("\uDCA9\uD83D"));
    }

    @Test
    void ftfyUnescapeHtmlExamples() {
        assertEquals("<tag>", HtmlUnescaper.unescapeStrict("&lt;tag&gt;"));
        assertEquals("\uD835\uDCA5ohn \u210Bancock", HtmlUnescaper.unescapeStrict("&Jscr;ohn &HilbertSpace;ancock"));
        assertEquals("\u2713", HtmlUnescaper.unescapeStrict("&checkmark;"));
        assertEquals("P\u00e9rez", HtmlUnescaper.unescapeStrict("P&eacute;rez"));
        assertEquals("P\u00c9REZ", HtmlUnescaper.unescapeStrict("P&EACUTE;REZ"));
        assertEquals("BUNDESSTRASSE", HtmlUnescaper.unescapeStrict("BUNDESSTRA&SZLIG;E"));
        assertEquals("\u00f1 \u00d1 \u00d1 &nTILDE;", HtmlUnescaper.unescapeStrict("&ntilde; &Ntilde; &NTILDE; &nTILDE;"));
        // only complete, semicolon-terminated references
        assertEquals("this&not that", HtmlUnescaper.unescapeStrict("this&not that"));
        // &LTIMES; is no entity, and the all-caps rule skips it because "&LT" is one
        assertEquals("&LTIMES;", HtmlUnescaper.unescapeStrict("&LTIMES;"));
    }

    @Test
    void ftfyDecodesEntitiesOnlyWhileNoLineHasHadALessThanSign() {
        assertEquals("&", TextFixer.fixText("&amp;amp;amp;"));
        assertEquals("<b> &amp;", TextFixer.fixText("<b> &amp;"));
        assertEquals("& x\n<b> &amp;\n&amp;", TextFixer.fixText("&amp; x\n<b> &amp;\n&amp;"));
    }

    @Test
    void ftfyRemovesItsControlCharacters() {
        StringBuilder removed = new StringBuilder();
        for (char c = 0; c <= 0x08; c++) {
            removed.append(c);
        }
        removed.append('\u000B');
        for (char c = 0x0E; c <= 0x1F; c++) {
            removed.append(c);
        }
        removed.append("\u007F\u206A\u206B\u206C\u206D\u206E\u206F\uFEFF\uFFF9\uFFFA\uFFFB\uFFFC");
        assertEquals("ab", TextFixer.fixText("a" + removed + "b"));
        // kept: whitespace controls (CR becomes LF), joiners, U+FFFD
        assertEquals("\t\n\f\n\u200D\uFFFD", TextFixer.fixText("\t\n\f\r\u200D\uFFFD"));
    }

    @Test
    void ftfyReadsC1ControlsAsWindows1252() {
        assertEquals("\u20AC\u2026'\u0081\u0178", TextFixer.fixText("\u0080\u0085\u0092\u0081\u009F"));
    }

    @Test
    void ftfyNormalisesToNfc() {
        assertEquals("caf\u00e9", TextFixer.fixText("cafe\u0301"));
    }

    @Test
    void pythonHtmlUnescapeExamples() {
        assertEquals("&x", HtmlUnescaper.unescape("&ampx"));
        assertEquals("&", HtmlUnescaper.unescape("&amp"));
        assertEquals("\u00ac", HtmlUnescaper.unescape("&not"));
        assertEquals("\u2209", HtmlUnescaper.unescape("&notin;"));
        assertEquals("\u00acit;", HtmlUnescaper.unescape("&notit;"));
        assertEquals("A", HtmlUnescaper.unescape("&#65"));
        assertEquals("A", HtmlUnescaper.unescape("&#x41;"));
        assertEquals("\uFFFD", HtmlUnescaper.unescape("&#0;"));
        assertEquals("\u20AC", HtmlUnescaper.unescape("&#128;"));
        assertEquals("", HtmlUnescaper.unescape("&#1;"));
        assertEquals("", HtmlUnescaper.unescape("&#xFFFF;"));
        assertEquals("\uFFFD", HtmlUnescaper.unescape("&#xD800;"));
        assertEquals("\uFFFD", HtmlUnescaper.unescape("&#1114112;"));
        assertEquals("\uFFFD", HtmlUnescaper.unescape("&#99999999999999999999;"));
        assertEquals("\uDBFF\uDFFD", HtmlUnescaper.unescape("&#x10FFFD;"));
        assertEquals("&nosuchentity;", HtmlUnescaper.unescape("&nosuchentity;"));
        assertEquals("& &; &#; &#x;", HtmlUnescaper.unescape("& &; &#; &#x;"));
        assertEquals("\uD835\uDD04", HtmlUnescaper.unescape("&Afr;"));
    }

    @Test
    void cleanCollapsesWhitespaceStripsAndLowers() {
        assertEquals("multiple spaces and newlines", TextCleaner.clean("  multiple   spaces\tand\nnewlines "));
        assertEquals("a b c d", TextCleaner.clean("A\u00A0B\u2003C\u3000D"));
        assertEquals("", TextCleaner.clean(" \t\n\u2028 "));
        assertEquals("fish & chips", TextCleaner.clean("Fish &amp; Chips"));
        assertEquals("it's", TextCleaner.clean("IT\u2019S"));
        // U+200B ZERO WIDTH SPACE is no whitespace in Python
        assertEquals("a\u200Bb", TextCleaner.clean("a\u200Bb"));
    }

    @Test
    void lowerMatchesPythonFinalSigma() {
        // Python: 'ΟΔΟΣ'.lower() == 'οδος', and Σ after a non-letter is not final
        assertEquals("\u03bf\u03b4\u03bf\u03c2", TextCleaner.lower("\u039f\u0394\u039f\u03a3"));
        assertEquals("\u03c3", TextCleaner.lower("\u03a3"));
        assertEquals("new-\u03c3", TextCleaner.lower("NEW-\u03a3"));
        assertEquals("\u03b1\u03c3\u03b1", TextCleaner.lower("\u0391\u03a3\u0391"));
        assertEquals("\u03b1\u03c2.", TextCleaner.lower("\u0391\u03a3."));
        assertEquals("\u03b1'\u03c2", TextCleaner.lower("\u0391'\u03a3"));
        assertEquals("i\u0307stanbul", TextCleaner.lower("\u0130stanbul"));
    }

    @Test
    void preTokenizerSplitsLikeClipsPattern() {
        assertEquals(List.of("it", "'s", ",", "we", "'re", "they", "'ve", "i", "'m", "you", "'ll", "he", "'d"),
                PreTokenizer.split("it's, we're they've i'm you'll he'd"));
        assertEquals(List.of("3", ".", "1", "4", "hyphen", "-", "ated", "under", "_", "score"),
                PreTokenizer.split("3.14 hyphen-ated under_score"));
        assertEquals(List.of("<|startoftext|>", "a", "<|endoftext|>"),
                PreTokenizer.split("<|startoftext|>a<|endoftext|>"));
        assertEquals(List.of("caf\u00e9", "!!", "\uD83D\uDC31\uD83D\uDC36"), PreTokenizer.split("caf\u00e9!! \uD83D\uDC31\uD83D\uDC36"));
        // regex IGNORECASE quirks of the reference: 'ſ' is an 's', U+0345 matches no class
        assertEquals(List.of("it", "'\u017F"), PreTokenizer.split("it'\u017F"));
        assertEquals(List.of("<|\u017Ftartoftext|>"), PreTokenizer.split("<|\u017Ftartoftext|>"));
        assertEquals(List.of("a", "b"), PreTokenizer.split("a\u0345b"));
        assertEquals(List.of("a", "\u0301"), PreTokenizer.split("a \u0301"));
    }
}
