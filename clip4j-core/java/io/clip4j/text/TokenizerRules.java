package io.clip4j.text;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;

/**
 * The rules a vocabulary must be built by for {@link ClipTokenizer} to read it: the special
 * tokens, the end-of-word mark, the byte-to-symbol table, how text is cleaned and split into
 * words, and the tokenizer file names. Public so that a vocabulary trainer (clip4j-train's
 * {@code BpeTrainer}) shares these rules with the tokenizer instead of copying them; nothing
 * here tokenizes.
 */
public final class TokenizerRules {
    /** The start-of-text special token. */
    public static final String START_OF_TEXT = PreTokenizer.START_OF_TEXT;
    /** The end-of-text special token (also the padding and unknown token). */
    public static final String END_OF_TEXT = PreTokenizer.END_OF_TEXT;
    /** The suffix on a word's last symbol. */
    public static final String END_OF_WORD = BpeVocabularyLoader.END_OF_WORD;
    /** Hugging Face's file names in a tokenizer folder. */
    public static final String VOCAB_JSON = ClipTokenizer.VOCAB_JSON;
    public static final String MERGES_TXT = ClipTokenizer.MERGES_TXT;
    public static final String TOKENIZER_JSON = ClipTokenizer.TOKENIZER_JSON;
    public static final String TOKENIZER_CONFIG = ClipTokenizer.TOKENIZER_CONFIG;

    private TokenizerRules() {
    }

    /**
     * Feeds the words of {@code text} to {@code sink} exactly as the tokenizer will see them
     * (cleaned, lower-cased, split); literal special tokens are left out, since the tokenizer
     * maps them to their own ids, never to byte pairs.
     */
    public static void forEachWord(String text, Consumer<String> sink) {
        Matcher pieces = PreTokenizer.pieces(TextCleaner.clean(text));
        while (pieces.find()) {
            String piece = pieces.group();
            if (!piece.equals(START_OF_TEXT) && !piece.equals(END_OF_TEXT)) {
                sink.accept(piece);
            }
        }
    }

    /** The words of {@code text}, special tokens included, as the tokenizer splits them. */
    public static List<String> words(String text) {
        return PreTokenizer.split(TextCleaner.clean(text));
    }

    /** The 256 byte symbols in the order CLIP's vocabulary lists them. */
    public static char[] byteSymbols() {
        return ByteUnicode.symbolsInVocabularyOrder();
    }

    /** The byte that {@code symbol} stands for. */
    public static int byteOf(char symbol) {
        return ByteUnicode.byteOf(symbol);
    }

    /** The symbol that stands for byte {@code b} (0..255). */
    public static char symbolOf(int b) {
        return ByteUnicode.symbolOf(b);
    }
}
