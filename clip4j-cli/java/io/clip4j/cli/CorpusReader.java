package io.clip4j.cli;

import io.clip4j.BadFileException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the texts of a training corpus file, so that corpora larger than memory can train a
 * tokenizer: a {@code .csv} (RFC 4180, header row, quoted fields may hold commas and line
 * breaks) gives one text per record from the named column; any other file gives one text per
 * line. Files are UTF-8 (a leading byte-order mark is skipped); blank texts are skipped.
 * Problems raise {@link BadFileException} naming the file and, where known, the line.
 */
final class CorpusReader {
    private CorpusReader() {
    }

    /**
     * Feeds every non-blank text of {@code file} to {@code sink}.
     *
     * @param column the CSV column to read; ignored for other files
     * @return how many texts were fed
     */
    static long read(Path file, String column, Consumer<String> sink) {
        boolean csv = file.getFileName() != null
                && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            return csv ? readCsv(file, reader, column, sink) : readLines(reader, sink);
        } catch (NoSuchFileException e) {
            throw new BadFileException(file, "file not found", e);
        } catch (CharacterCodingException e) {
            throw new BadFileException(file, "not valid UTF-8 text", e);
        } catch (CSVException e) {
            throw new BadFileException(file, "malformed CSV: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CSVException csvError) {
                throw new BadFileException(file, "malformed CSV: " + csvError.getMessage(), e);
            }
            if (e.getCause() instanceof CharacterCodingException) {
                throw new BadFileException(file, "not valid UTF-8 text", e);
            }
            throw new BadFileException(file, "cannot read: " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new BadFileException(file, "cannot read: " + e.getMessage(), e);
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

    private static long readCsv(Path file, BufferedReader reader, String column, Consumer<String> sink)
            throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setAllowMissingColumnNames(true).setIgnoreEmptyLines(true).get();
        long texts = 0;
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            if (!parser.getHeaderMap().containsKey(column)) {
                throw new BadFileException(file, "no column '" + column + "' in the header; columns: "
                        + String.join(", ", parser.getHeaderNames()));
            }
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
        } catch (IllegalStateException | IllegalArgumentException e) {
            // commons-csv reports malformed input (an unclosed quote, a duplicate header) this way
            throw new BadFileException(file, "malformed CSV: " + e.getMessage(), e);
        }
        return texts;
    }
}
