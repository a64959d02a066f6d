package io.clip4j.text;

import io.clip4j.InvalidModelException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * CLIP's text tokenizer, giving the same ids as OpenAI's {@code SimpleTokenizer} and
 * {@code clip.tokenize}: the text is cleaned (ftfy, HTML entities, whitespace, lower case),
 * split into words, numbers and punctuation runs, and each piece is byte-pair encoded.
 *
 * <p>Cleaning follows {@code ftfy.fix_text} except for its mojibake repair, which is not
 * ported: text that went through the wrong codec ("cafÃ©") is tokenized as it stands. Java
 * strings may hold unpaired surrogates; like ftfy, the tokenizer replaces each with U+FFFD
 * before encoding. A literal {@code <|startoftext|>} or {@code <|endoftext|>} in the text (in
 * any case) becomes the special token's id, as in the original.
 *
 * <p>Instances are immutable and safe for concurrent use; {@link #withPadId} and {@link
 * #withContextLength} return copies that share the vocabulary and the encoding cache.
 *
 * <pre>{@code
 * ClipTokenizer tokenizer = ClipTokenizer.fromModelDir(Path.of("clip-vit-base-patch32"));
 * try (TokenBatch batch = tokenizer.tokenize(List.of("a photo of a cat", "a dog"))) {
 *     // batch.ids() and batch.attentionMask(): int64 [2, 77], ready for torch::from_blob
 * }
 * }</pre>
 */
public final class ClipTokenizer {
    /** CLIP's context length: every released model reads 77 tokens. */
    public static final int DEFAULT_CONTEXT_LENGTH = 77;

    static final String TOKENIZER_JSON = "tokenizer.json";
    static final String VOCAB_JSON = "vocab.json";
    static final String MERGES_TXT = "merges.txt";
    static final String ORIGINAL_BPE = "bpe_simple_vocab_16e6.txt.gz";
    static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    /** The size of the vocabulary every released CLIP uses, the one clip4j bundles. */
    public static final int CLIP_VOCABULARY_SIZE = 49408;

    private final BytePairEncoder encoder;
    private final BpeVocabulary vocabulary;
    private final int contextLength;
    private final int padId;

    private ClipTokenizer(BytePairEncoder encoder, int contextLength, int padId) {
        this.encoder = encoder;
        this.vocabulary = encoder.vocabulary();
        this.contextLength = contextLength;
        this.padId = padId;
    }

    private static ClipTokenizer of(BpeVocabulary vocabulary) {
        return new ClipTokenizer(new BytePairEncoder(vocabulary), DEFAULT_CONTEXT_LENGTH, 0);
    }

    /** Where a model directory's tokenizer comes from, in the order {@link #fromModelDir} looks. */
    public enum Source {
        /** The folder's Hugging Face {@code tokenizer.json}. */
        TOKENIZER_JSON("tokenizer.json"),
        /** The folder's Hugging Face {@code vocab.json} with {@code merges.txt}. */
        VOCAB_AND_MERGES("vocab.json + merges.txt"),
        /** The folder's own copy of OpenAI's {@code bpe_simple_vocab_16e6.txt.gz}. */
        ORIGINAL_BPE("bpe_simple_vocab_16e6.txt.gz"),
        /** No tokenizer file in the folder: the CLIP vocabulary bundled with clip4j (as openai/CLIP and open_clip ship it). */
        BUNDLED("bundled bpe_simple_vocab_16e6.txt.gz");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        /** What {@code info} prints, e.g. {@code "vocab.json + merges.txt"}. */
        public String description() {
            return description;
        }
    }

    /**
     * Which tokenizer {@link #fromModelDir} would load from {@code dir}: the first of
     * {@code tokenizer.json}, {@code vocab.json} with {@code merges.txt}, and
     * {@code bpe_simple_vocab_16e6.txt.gz} that is a regular file there, else the bundled vocabulary.
     */
    public static Source sourceIn(Path dir) {
        requireArgument(dir, "dir");
        if (Files.isRegularFile(dir.resolve(TOKENIZER_JSON))) {
            return Source.TOKENIZER_JSON;
        }
        if (Files.isRegularFile(dir.resolve(VOCAB_JSON)) && Files.isRegularFile(dir.resolve(MERGES_TXT))) {
            return Source.VOCAB_AND_MERGES;
        }
        return Files.isRegularFile(dir.resolve(ORIGINAL_BPE)) ? Source.ORIGINAL_BPE : Source.BUNDLED;
    }

    /**
     * Loads the tokenizer of a model directory: its {@code tokenizer.json} if there is one,
     * else its {@code vocab.json} and {@code merges.txt}, else its
     * {@code bpe_simple_vocab_16e6.txt.gz}, else (an OpenAI or OpenCLIP export ships none) the
     * CLIP vocabulary bundled with clip4j ({@link #bundled()}); {@link #sourceIn} says which. If the
     * directory has a {@code tokenizer_config.json} with a {@code pad_token}, that token pads batches;
     * otherwise id 0 does, as in OpenAI's {@code clip.tokenize}.
     *
     * @param dir the model directory
     * @return the tokenizer, with context length {@value #DEFAULT_CONTEXT_LENGTH}
     * @throws IllegalArgumentException if {@code dir} is null
     * @throws InvalidModelException if {@code dir} is no directory, or a file it uses is
     *     missing, malformed or inconsistent
     */
    public static ClipTokenizer fromModelDir(Path dir) {
        requireArgument(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new InvalidModelException(dir, "not a directory");
        }
        ClipTokenizer tokenizer = switch (sourceIn(dir)) {
            case TOKENIZER_JSON -> fromTokenizerJson(dir.resolve(TOKENIZER_JSON));
            case VOCAB_AND_MERGES -> fromVocabAndMerges(dir.resolve(VOCAB_JSON), dir.resolve(MERGES_TXT));
            case ORIGINAL_BPE -> fromOriginalBpe(dir.resolve(ORIGINAL_BPE));
            case BUNDLED -> {
                // half of the Hugging Face pair is a mistake to name, not a folder without tokenizer files
                if (Files.exists(dir.resolve(VOCAB_JSON)) != Files.exists(dir.resolve(MERGES_TXT))) {
                    String missing = Files.exists(dir.resolve(VOCAB_JSON)) ? MERGES_TXT : VOCAB_JSON;
                    throw new InvalidModelException(dir.resolve(missing), "file not found (" + VOCAB_JSON + " and "
                            + MERGES_TXT + " go together)");
                }
                yield bundled();
            }
        };
        Path config = dir.resolve(TOKENIZER_CONFIG);
        if (Files.exists(config)) {
            Optional<String> padToken = TokenizerConfig.padToken(config);
            if (padToken.isPresent()) {
                Integer id = tokenizer.vocabulary.id(padToken.get());
                if (id == null) {
                    throw new InvalidModelException(config,
                            "pad_token '" + padToken.get() + "' is not in the vocabulary");
                }
                tokenizer = tokenizer.withPadId(id);
            }
        }
        return tokenizer;
    }

    /**
     * Loads a Hugging Face {@code tokenizer.json} ({@code model.vocab}, {@code model.merges}
     * as "a b" strings or [a, b] pairs, {@code model.end_of_word_suffix},
     * {@code added_tokens}). Pads with id 0.
     *
     * @throws IllegalArgumentException if the path is null
     * @throws InvalidModelException if the file is missing, malformed or inconsistent
     */
    public static ClipTokenizer fromTokenizerJson(Path tokenizerJson) {
        requireArgument(tokenizerJson, "tokenizerJson");
        return of(BpeVocabularyLoader.fromTokenizerJson(tokenizerJson));
    }

    /**
     * Loads a Hugging Face {@code vocab.json} (token to id) and {@code merges.txt} (one
     * "a b" merge a line, an optional {@code #version} header). Pads with id 0.
     *
     * @throws IllegalArgumentException if a path is null
     * @throws InvalidModelException if a file is missing, malformed or inconsistent
     */
    public static ClipTokenizer fromVocabAndMerges(Path vocabJson, Path mergesTxt) {
        requireArgument(vocabJson, "vocabJson");
        requireArgument(mergesTxt, "mergesTxt");
        return of(BpeVocabularyLoader.fromVocabAndMerges(vocabJson, mergesTxt));
    }

    /**
     * Loads OpenAI's original {@code bpe_simple_vocab_16e6.txt.gz}. Pads with id 0.
     *
     * @throws IllegalArgumentException if the path is null
     * @throws InvalidModelException if the file is missing, not gzip, or too short
     */
    public static ClipTokenizer fromOriginalBpe(Path bpeGz) {
        requireArgument(bpeGz, "bpeGz");
        return of(BpeVocabularyLoader.fromOriginalBpe(bpeGz));
    }

    /**
     * OpenAI's CLIP vocabulary ({@code bpe_simple_vocab_16e6.txt.gz}, MIT, from openai/CLIP) as
     * clip4j-core bundles it, read once per JVM. Pads with id 0, as {@code clip.tokenize} does.
     */
    public static ClipTokenizer bundled() {
        return BundledVocabulary.TOKENIZER;
    }

    /** Loaded on first use: the class path copy never changes, and reading it takes a few hundred milliseconds. */
    private static final class BundledVocabulary {
        static final ClipTokenizer TOKENIZER = load();

        private static ClipTokenizer load() {
            Path label = Path.of("clip4j-core.jar!", "io", "clip4j", "text", ORIGINAL_BPE);
            InputStream in = ClipTokenizer.class.getResourceAsStream(ORIGINAL_BPE);
            if (in == null) {
                throw new IllegalStateException("the bundled " + ORIGINAL_BPE + " is missing from clip4j-core's class path");
            }
            return of(BpeVocabularyLoader.fromOriginalBpe(label, in));
        }
    }

    /**
     * A copy that pads batches with {@code padId} (49407 for Hugging Face's CLIP, 0 for
     * OpenAI's); it shares this tokenizer's vocabulary and cache.
     *
     * @throws IllegalArgumentException if {@code padId} is not an id of the vocabulary
     */
    public ClipTokenizer withPadId(int padId) {
        if (padId < 0 || padId >= vocabulary.size()) {
            throw new IllegalArgumentException(
                    "padId " + padId + " is outside the vocabulary [0, " + vocabulary.size() + ")");
        }
        return new ClipTokenizer(encoder, contextLength, padId);
    }

    /**
     * A copy whose {@link #tokenize} output has {@code contextLength} tokens; it shares this
     * tokenizer's vocabulary and cache.
     *
     * @throws IllegalArgumentException if {@code contextLength} is less than 2 (room for the
     *     start and end tokens)
     */
    public ClipTokenizer withContextLength(int contextLength) {
        if (contextLength < 2) {
            throw new IllegalArgumentException(
                    "contextLength must be at least 2 (start and end tokens), got " + contextLength);
        }
        return new ClipTokenizer(encoder, contextLength, padId);
    }

    /** The number of tokens of each tokenized text, padding included. */
    public int contextLength() {
        return contextLength;
    }

    /** The id that pads batches after the end token. */
    public int padId() {
        return padId;
    }

    /** The id of {@code <|startoftext|>} (49406 in CLIP's vocabulary). */
    public int startId() {
        return vocabulary.startId();
    }

    /** The id of {@code <|endoftext|>} (49407 in CLIP's vocabulary). */
    public int endId() {
        return vocabulary.endId();
    }

    /** The number of ids: one more than the largest (49408 in CLIP's vocabulary). */
    public int vocabSize() {
        return vocabulary.size();
    }

    /**
     * The BPE ids of the cleaned text, without start or end token and without truncation
     * ({@code SimpleTokenizer.encode}).
     *
     * @throws IllegalArgumentException if {@code text} is null
     */
    public int[] encode(String text) {
        requireArgument(text, "text");
        return encode(text, Integer.MAX_VALUE);
    }

    /** The ids of the text's first pieces, stopping once at least {@code limit} ids are out. */
    private int[] encode(String text, int limit) {
        String cleaned = TextCleaner.clean(text);
        IntList out = new IntList(Math.min(cleaned.length() + 1, 1024));
        Matcher pieces = PreTokenizer.pieces(cleaned);
        while (out.size() < limit && pieces.find()) {
            String piece = pieces.group();
            if (piece.equals(PreTokenizer.START_OF_TEXT)) {
                out.add(vocabulary.startId());
            } else if (piece.equals(PreTokenizer.END_OF_TEXT)) {
                out.add(vocabulary.endId());
            } else {
                encoder.encode(piece, out);
            }
        }
        return out.toArray();
    }

    /**
     * The start id, the text's ids and the end id, cut to {@link #contextLength()} tokens with
     * the end id kept last (OpenAI's {@code clip.tokenize(..., truncate=True)}); unpadded.
     *
     * @throws IllegalArgumentException if {@code text} is null
     */
    public int[] tokenize(String text) {
        requireArgument(text, "text");
        int room = contextLength - 2;
        int[] body = encode(text, room);
        int length = Math.min(body.length, room);
        int[] tokens = new int[length + 2];
        tokens[0] = vocabulary.startId();
        System.arraycopy(body, 0, tokens, 1, length);
        tokens[length + 1] = vocabulary.endId();
        return tokens;
    }

    /**
     * Tokenizes each text as {@link #tokenize(String)} does and pads the rows with
     * {@link #padId()} into an off-heap {@code [texts.size(), contextLength]} batch, which the
     * caller must close.
     *
     * @throws IllegalArgumentException if {@code texts} or one of its elements is null
     */
    public TokenBatch tokenize(List<String> texts) {
        if (texts == null) {
            throw new IllegalArgumentException("texts must not be null");
        }
        int[][] rows = new int[texts.size()][];
        int i = 0;
        for (String text : texts) {
            if (text == null) {
                throw new IllegalArgumentException("texts[" + i + "] is null");
            }
            rows[i++] = tokenize(text);
        }
        return new TokenBatch(rows, contextLength, padId);
    }

    /**
     * Turns ids back into text, for debugging ({@code SimpleTokenizer.decode}): the tokens'
     * bytes are read as UTF-8 (invalid sequences become U+FFFD), each end-of-word marker
     * becomes a space, and special tokens appear as {@code <|startoftext|>} and
     * {@code <|endoftext|>}. Ids outside the vocabulary become U+FFFD.
     *
     * @throws IllegalArgumentException if {@code ids} is null
     */
    public String decode(int[] ids) {
        requireArgument(ids, "ids");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            String token = vocabulary.token(id);
            if (token == null) {
                bytes.writeBytes("\uFFFD".getBytes(StandardCharsets.UTF_8));
            } else {
                ByteUnicode.appendBytes(token, bytes);
            }
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        String suffix = vocabulary.endOfWordSuffix();
        return suffix.isEmpty() ? text : text.replace(suffix, " ");
    }

    @Override
    public String toString() {
        return "ClipTokenizer[vocabSize=" + vocabSize() + ", contextLength=" + contextLength
                + ", padId=" + padId + "]";
    }

    private static void requireArgument(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }
}
