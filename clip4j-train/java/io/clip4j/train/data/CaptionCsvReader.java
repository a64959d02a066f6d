package io.clip4j.train.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a captions CSV into {@link Row}s: detects the header, finds the columns, and reports rows
 * with the wrong number of fields. Files and captions are checked later by {@link RowValidator}, so
 * that this class has one job, the CSV's shape. The layout is described in the package comment.
 *
 * <p>The whole file is read into memory first: commons-csv reports where a record starts only as a
 * character offset, and lines are counted from it (a million-row captions file is ~100 MB).
 */
final class CaptionCsvReader {
    static final Set<String> PATH_NAMES = Set.of("path", "image", "file");
    static final Set<String> CAPTION_NAMES = Set.of("caption", "text");

    private final String labelColumn;

    /** A reader that takes the label from the header column named {@code labelColumn}. */
    CaptionCsvReader(String labelColumn) {
        this.labelColumn = labelColumn;
    }

    /** Reads {@code csv}; throws {@link DatasetException} if it cannot be read or parsed at all. */
    RawRows read(Path csv) {
        String text = readText(csv);
        LineIndex lines = new LineIndex(text);
        Path base = csv.toAbsolutePath().normalize().getParent();
        List<Row> rows = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int count = 0;
        Columns columns = null;
        try (CSVParser parser = CsvFiles.FORMAT.parse(new StringReader(text))) {
            Iterator<CSVRecord> it = parser.iterator();
            while (hasNext(it, csv, parser)) {
                CSVRecord record = it.next();
                List<String> fields = record.toList();
                if (isBlank(fields)) {
                    continue;
                }
                int line = lines.lineOf(record.getCharacterPosition());
                if (columns == null) {
                    columns = Columns.detect(fields, labelColumn, csv, line);
                    if (columns.header()) {
                        continue;
                    }
                }
                count++;
                if (fields.size() != columns.count()) {
                    problems.add(new Problem(csv, line, fields.get(0).strip(), Problem.Kind.COLUMN_COUNT,
                            "has " + fields.size() + (fields.size() == 1 ? " field" : " fields") + ", expected "
                                    + columns.count() + " (" + columns.describe() + ")"));
                    continue;
                }
                rows.add(columns.row(fields, line));
            }
        } catch (IOException e) {
            throw new DatasetException(csv, CsvFiles.problem(e, 0), e);
        }
        if (columns == null) {
            throw new DatasetException(csv, "is empty: no header and no rows");
        }
        return new RawRows(csv, base, count, rows, problems);
    }

    /** {@code it.hasNext()}, with commons-csv's parse errors (unclosed quotes…) naming the file. */
    private static boolean hasNext(Iterator<CSVRecord> it, Path csv, CSVParser parser) {
        try {
            return it.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new DatasetException(csv, CsvFiles.problem(e, parser.getCurrentLineNumber()), e);
        }
    }

    private static String readText(Path csv) {
        try (BufferedReader reader = CsvFiles.openUtf8(csv)) {
            StringWriter text = new StringWriter();
            reader.transferTo(text);
            return text.toString();
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException(csv, CsvFiles.problem(e, 0), e);
        }
    }

    /** A record with no fields, or one white-space-only field (a line of spaces). */
    private static boolean isBlank(List<String> fields) {
        return fields.isEmpty() || fields.size() == 1 && fields.get(0).isBlank();
    }

    /** Where the path, caption and label are, and how many fields a row has. */
    private record Columns(boolean header, int count, int path, int caption, int label, List<String> names) {

        static Columns detect(List<String> first, String labelColumn, Path csv, int line) {
            List<String> names = first.stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
            boolean header = names.size() >= 2 && PATH_NAMES.contains(names.get(0)) && CAPTION_NAMES.contains(names.get(1));
            if (header) {
                int label = names.indexOf(labelColumn.toLowerCase(Locale.ROOT));
                return new Columns(true, names.size(), 0, 1, label, first.stream().map(String::strip).toList());
            }
            if (first.size() != 2 && first.size() != 3) {
                throw new DatasetException(csv, "line " + line + " has " + first.size() + " fields and is not a header"
                        + " (path|image|file,caption|text,…); without a header every row is path,caption or"
                        + " path,caption,label");
            }
            List<String> implicit = first.size() == 2 ? List.of("path", "caption") : List.of("path", "caption", "label");
            return new Columns(false, first.size(), 0, 1, first.size() == 3 ? 2 : -1, implicit);
        }

        Row row(List<String> fields, int line) {
            String labelText = label < 0 ? null : fields.get(label).strip();
            return new Row(line, fields.get(path).strip(), fields.get(caption).strip(),
                    labelText == null || labelText.isEmpty() ? null : labelText);
        }

        String describe() {
            return (header ? "header " : "") + String.join(",", names);
        }
    }

    /** Maps a character offset to its 1-based line, skipping the line breaks a record starts on. */
    private static final class LineIndex {
        private final String text;
        private final int[] starts;

        LineIndex(String text) {
            this.text = text;
            List<Integer> s = new ArrayList<>();
            s.add(0);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                    s.add(i + 1);
                }
            }
            starts = s.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The line of the first character at or after {@code offset} that is not a line break. */
        int lineOf(long offset) {
            int i = (int) Math.min(offset, text.length());
            while (i < text.length() && (text.charAt(i) == '\n' || text.charAt(i) == '\r')) {
                i++;
            }
            int found = Arrays.binarySearch(starts, i);
            return found >= 0 ? found + 1 : -found - 1;
        }
    }
}
