package io.clip4j.cli;

import io.clip4j.train.tokenizer.BpeTrainer;
import io.clip4j.train.tokenizer.CorpusReader;
import io.clip4j.train.tokenizer.TrainedBpe;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clip4j train-tokenizer}: learns a CLIP-style byte-level BPE vocabulary from text files
 * ({@link BpeTrainer}) and writes a tokenizer folder that {@code --model}, transformers'
 * {@code CLIPTokenizer} and {@code CLIPTokenizerFast} all load. Prints one JSON summary line.
 */
@Command(name = "train-tokenizer",
        description = "Learn a CLIP-style byte-level BPE vocabulary from CORPUS files and write "
                + "vocab.json, merges.txt and tokenizer.json to --out; prints a JSON summary line.")
final class TrainTokenizerCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder to write the tokenizer files to (created if missing).")
    Path out;

    @Option(names = "--vocab-size", paramLabel = "N", defaultValue = "" + BpeTrainer.DEFAULT_VOCAB_SIZE,
            description = "Largest vocabulary, special tokens included (default: ${DEFAULT-VALUE}, CLIP's; at least "
                    + BpeTrainer.MIN_VOCAB_SIZE + ").")
    int vocabSize;

    @Option(names = "--min-frequency", paramLabel = "F", defaultValue = "" + BpeTrainer.DEFAULT_MIN_FREQUENCY,
            description = "Stop when no pair occurs at least F times (default: ${DEFAULT-VALUE}).")
    long minFrequency;

    @Option(names = "--column", paramLabel = "NAME", defaultValue = "caption",
            description = "Column holding the text in .csv corpora (default: ${DEFAULT-VALUE}).")
    String column;

    @Parameters(arity = "1..*", paramLabel = "CORPUS",
            description = "A .csv file (with a header row) or a text file with one text per line.")
    List<Path> corpora;

    @Override
    public Integer call() {
        if (vocabSize < BpeTrainer.MIN_VOCAB_SIZE) {
            throw new ParameterException(spec.commandLine(), "--vocab-size must be at least "
                    + BpeTrainer.MIN_VOCAB_SIZE + " (512 byte symbols and 2 special tokens), got " + vocabSize);
        }
        if (minFrequency < 1) {
            throw new ParameterException(spec.commandLine(), "--min-frequency must be at least 1, got " + minFrequency);
        }
        BpeTrainer trainer = new BpeTrainer(vocabSize, minFrequency);
        var err = spec.commandLine().getErr();
        for (Path corpus : corpora) {
            long texts = CorpusReader.read(corpus, column, trainer::addText);
            err.println("train-tokenizer: " + corpus + ": " + texts + " texts");
        }
        long start = System.nanoTime();
        TrainedBpe bpe = trainer.train();
        double seconds = (System.nanoTime() - start) / 1e9;
        bpe.writeTo(out);
        var line = JsonLines.object();
        line.put("out", out.toString());
        line.put("vocab_size", bpe.vocabSize());
        line.put("merges", bpe.merges().size());
        line.put("texts", bpe.textsRead());
        line.put("unique_words", trainer.uniqueWords());
        line.put("start_id", bpe.startId());
        line.put("end_id", bpe.endId());
        line.put("train_seconds", Math.round(seconds * 1000) / 1000.0);
        JsonLines.print(spec.commandLine().getOut(), line);
        return 0;
    }
}
