package io.clip4j.train.tokenizer;

import io.clip4j.text.TokenizerRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A vocabulary learned by {@link BpeTrainer}: token strings in id order (the two special tokens
 * last) and the merges in rank order, which {@link #writeTo} saves in the files that
 * {@link io.clip4j.text.ClipTokenizer#fromModelDir} and Hugging Face's CLIP tokenizers read. Immutable.
 */
public final class TrainedBpe {
    /** One merge rule, "first second" in {@code merges.txt}. */
    public record Merge(String first, String second) {
    }

    private final List<String> tokens;
    private final List<Merge> merges;
    private final long textsRead;

    TrainedBpe(List<String> learnedTokens, List<MergeLearner.Merge> learnedMerges, long textsRead) {
        List<String> all = new ArrayList<>(learnedTokens.size() + 2);
        all.addAll(learnedTokens);
        all.add(TokenizerRules.START_OF_TEXT);
        all.add(TokenizerRules.END_OF_TEXT);
        this.tokens = List.copyOf(all);
        List<Merge> named = new ArrayList<>(learnedMerges.size());
        for (MergeLearner.Merge m : learnedMerges) {
            named.add(new Merge(learnedTokens.get(m.first()), learnedTokens.get(m.second())));
        }
        this.merges = List.copyOf(named);
        this.textsRead = textsRead;
    }

    /** Token strings by id: byte symbols, the same with {@code </w>}, merges, then the specials. */
    public List<String> tokens() {
        return tokens;
    }

    /** The merges in rank order; merge {@code i} made token {@code 512 + i}. */
    public List<Merge> merges() {
        return merges;
    }

    /** The number of tokens, special tokens included. */
    public int vocabSize() {
        return tokens.size();
    }

    /** The id of {@code <|startoftext|>}: {@code vocabSize() - 2}. */
    public int startId() {
        return tokens.size() - 2;
    }

    /** The id of {@code <|endoftext|>}: {@code vocabSize() - 1}. */
    public int endId() {
        return tokens.size() - 1;
    }

    /** How many texts the vocabulary was trained on. */
    public long textsRead() {
        return textsRead;
    }

    /**
     * Writes {@code vocab.json}, {@code merges.txt}, {@code tokenizer.json},
     * {@code tokenizer_config.json} and {@code special_tokens_map.json} into {@code dir},
     * creating it if needed and replacing those files. The bytes depend only on this vocabulary.
     *
     * @throws IllegalArgumentException if {@code dir} is null
     * @throws io.clip4j.BadFileException if a file cannot be written; the message names it
     */
    public void writeTo(Path dir) {
        if (dir == null) {
            throw new IllegalArgumentException("dir must not be null");
        }
        TokenizerFilesWriter.write(this, dir);
    }

    @Override
    public String toString() {
        return "TrainedBpe[vocabSize=" + vocabSize() + ", merges=" + merges.size()
                + ", textsRead=" + textsRead + "]";
    }
}
