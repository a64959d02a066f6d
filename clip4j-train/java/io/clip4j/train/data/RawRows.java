package io.clip4j.train.data;

import java.nio.file.Path;
import java.util.List;

/**
 * What a reader hands to {@link RowValidator}: the rows whose shape is right, the problems found
 * while reading (wrong column counts), and how many rows there were in all.
 *
 * @param source   the CSV file or folder root, for messages
 * @param base     the folder that relative image paths are resolved against
 * @param rowCount rows read, including those with a wrong column count
 * @param rows     rows with the right number of fields, in file order
 * @param problems problems found while reading, in file order
 */
record RawRows(Path source, Path base, int rowCount, List<Row> rows, List<Problem> problems) {
    RawRows {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }
}
