package io.clip4j.train.tokenizer;

import io.clip4j.BadFileException;
import io.clip4j.train.data.CsvFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the texts of a tokenizer training corpus, so that corpora larger than memory can
 * train a vocabulary: a {@code .csv} (with a header row) gives one text per record from the
 * named column; any other file gives one text per line. Files are read as {@link CsvFiles}
 * reads them (strict UTF-8, RFC 4180); blank texts are skipped. Problems raise
 * {@link BadFileException} naming the file and, where known, the line.
 */
public final class CorpusReader {
    private static final CSVFormat WITH_HEADER = CsvFiles.FORMAT.builder().setHeader()
            .setSkipHeaderRecord(true).setAllowMissingColumnNames(true).get();

    private CorpusReader() {
    }

    /**
     * Feeds every non-blank text of {@code file} to {@code sink}.
     *
     * @param column the CSV column to read; ignored for other files
     * @return how many texts were fed
     */
    public static long read(Path file, String column, Consumer<String> sink) {
        boolean csv = file.getFileName() != null
                && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
        try (BufferedReader reader = CsvFiles.openUtf8(file)) {
            return csv ? readCsv(file, reader, column, sink) : readLines(reader, sink);
        } catch (IOException | UncheckedIOException e) {
            throw new BadFileException(file, CsvFiles.problem(e, 0), e);
        }
    }

    private static long readLines(BufferedReader reader, Consumer<String> sink) throws IOException {
        long texts = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (!line.isBlank()) {
                sink.accept(line);
                texts++;
            }
        }
        return texts;
    }

    private static long readCsv(Path file, BufferedReader reader, String column, Consumer<String> sink) {
        CSVParser parser = null;
        try {
            parser = CSVParser.builder().setReader(reader).setFormat(WITH_HEADER).get();
            if (!parser.getHeaderMap().containsKey(column)) {
                throw new BadFileException(file, "no column '" + column + "' in the header; columns: "
                        + String.join(", ", parser.getHeaderNames()));
            }
            long texts = 0;
            for (CSVRecord record : parser) {
                if (!record.isSet(column)) {
                    throw new BadFileException(file, "line " + parser.getCurrentLineNumber()
                            + ": record " + record.getRecordNumber() + " has no value for column '"
                            + column + "'");
                }
                String text = record.get(column);
                if (!text.isBlank()) {
                    sink.accept(text);
                    texts++;
                }
            }
            return texts;
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw new BadFileException(file, CsvFiles.problem(e, parser == null ? 0 : parser.getCurrentLineNumber()), e);
        }
    }
}
