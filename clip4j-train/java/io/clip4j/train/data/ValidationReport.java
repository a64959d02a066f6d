package io.clip4j.train.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What validation found in a dataset: how many rows were read, how many are usable, and every
 * problem, in file order. A row can have more than one problem (an empty caption and a missing
 * file); it is usable only when it has none.
 *
 * @param source   the CSV file or labelled-folder root
 * @param rows     rows read (CSV records after the header, or image files in a folder)
 * @param usable   rows without a problem
 * @param problems every problem found, in file order
 */
public record ValidationReport(Path source, int rows, int usable, List<Problem> problems) {
    /** How many problems {@link #summary()} lists before "… and N more". */
    public static final int SUMMARY_PROBLEMS = 5;

    /** Checks the fields and copies the list. */
    public ValidationReport {
        Objects.requireNonNull(source, "source");
        problems = List.copyOf(problems);
        if (rows < 0 || usable < 0 || usable > rows) {
            throw new IllegalArgumentException("rows " + rows + ", usable " + usable);
        }
    }

    /** Whether no problem was found. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** How many rows had at least one problem. */
    public int badRows() {
        return rows - usable;
    }

    /** The problems of one kind. */
    public List<Problem> problems(Problem.Kind kind) {
        return problems.stream().filter(p -> p.kind() == kind).toList();
    }

    /**
     * One paragraph for an exception message or a log: the counts, then the first
     * {@value #SUMMARY_PROBLEMS} problems, one per line.
     */
    public String summary() {
        if (problems.isEmpty()) {
            return rows + " rows, all usable";
        }
        String first = problems.stream().limit(SUMMARY_PROBLEMS).map(p -> "  " + p)
                .collect(Collectors.joining("\n"));
        int more = problems.size() - SUMMARY_PROBLEMS;
        return problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + badRows() + " of " + rows
                + " rows (" + usable + " usable):\n" + first + (more > 0 ? "\n  … and " + more + " more" : "");
    }
}
