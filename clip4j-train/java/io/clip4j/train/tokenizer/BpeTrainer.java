package io.clip4j.train.tokenizer;

/**
 * Learns a byte-level BPE vocabulary from a text corpus the way CLIP's was built, so that a
 * model trained on a domain's captions can have a tokenizer fitted to that domain, loadable by
 * {@link io.clip4j.text.ClipTokenizer} and by Hugging Face's {@code CLIPTokenizer}.
 *
 * <p>Texts are cleaned and split exactly as {@link io.clip4j.text.ClipTokenizer} does; each piece becomes a
 * sequence of byte symbols ({@code bytes_to_unicode}) whose last symbol carries {@code </w>}.
 * The base vocabulary is the 256 byte symbols and the 256 symbols with {@code </w>}; then the
 * most frequent adjacent pair is merged, again and again (ties: smallest first token string,
 * then smallest second), until {@code vocabSize} tokens exist counting the two special tokens,
 * or no pair occurs {@code minFrequency} times. Ids follow CLIP's layout: byte symbols, byte
 * symbols with {@code </w>}, one token per merge, {@code <|startoftext|>},
 * {@code <|endoftext|>}.
 *
 * <pre>{@code
 * BpeTrainer trainer = new BpeTrainer(8192, 2);
 * captions.forEach(trainer::addText);
 * trainer.train().writeTo(Path.of("my-tokenizer")); // then ClipTokenizer.fromModelDir(...)
 * }</pre>
 *
 * <p>Not thread-safe: add texts from one thread.
 */
public final class BpeTrainer {
    /** CLIP's vocabulary size, 49,408. */
    public static final int DEFAULT_VOCAB_SIZE = 49408;
    /** Pairs seen only once are not merged by default. */
    public static final int DEFAULT_MIN_FREQUENCY = 2;
    /** The smallest vocabulary: 512 byte symbols and the two special tokens. */
    public static final int MIN_VOCAB_SIZE = MergeLearner.BASE_SIZE + 2;

    private final int vocabSize;
    private final long minFrequency;
    private final WordCounter words = new WordCounter();

    /**
     * @param vocabSize the largest vocabulary to build, special tokens included
     * @param minFrequency the fewest occurrences a pair needs to be merged
     * @throws IllegalArgumentException if {@code vocabSize < }{@value #MIN_VOCAB_SIZE} or
     *     {@code minFrequency < 1}
     */
    public BpeTrainer(int vocabSize, long minFrequency) {
        if (vocabSize < MIN_VOCAB_SIZE) {
            throw new IllegalArgumentException("vocabSize must be at least " + MIN_VOCAB_SIZE
                    + " (256 byte symbols, the same with </w>, 2 special tokens), got " + vocabSize);
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be at least 1, got " + minFrequency);
        }
        this.vocabSize = vocabSize;
        this.minFrequency = minFrequency;
    }

    /** A trainer for CLIP's vocabulary size with {@value #DEFAULT_MIN_FREQUENCY} as minimum frequency. */
    public BpeTrainer() {
        this(DEFAULT_VOCAB_SIZE, DEFAULT_MIN_FREQUENCY);
    }

    /**
     * Counts the words of one text.
     *
     * @throws IllegalArgumentException if {@code text} is null
     */
    public BpeTrainer addText(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        words.add(text);
        return this;
    }

    /** Counts the words of each text; see {@link #addText}. */
    public BpeTrainer addTexts(Iterable<String> texts) {
        if (texts == null) {
            throw new IllegalArgumentException("texts must not be null");
        }
        for (String text : texts) {
            addText(text);
        }
        return this;
    }

    /** How many texts were added so far. */
    public long textsRead() {
        return words.texts();
    }

    /** How many distinct words (pre-tokenizer pieces) were seen so far. */
    public int uniqueWords() {
        return words.counts().size();
    }

    /**
     * Learns the merges from the texts added so far. The result depends only on the multiset
     * of words, not on the order of the texts. May be called again after adding more texts.
     */
    public TrainedBpe train() {
        MergeLearner.Result result = new MergeLearner(words.counts()).learn(vocabSize - 2, minFrequency);
        return new TrainedBpe(result.tokens(), result.merges(), words.texts());
    }
}
