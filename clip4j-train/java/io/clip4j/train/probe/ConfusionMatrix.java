package io.clip4j.train.probe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/**
 * Counts of (true label, predicted label) pairs: {@code counts[t][p]} images of label {@code t}
 * were predicted as {@code p}. Rows are the true labels, columns the predictions, both in
 * {@link #labels()} order, so the diagonal holds the correct predictions.
 *
 * @param labels the labels naming rows and columns
 * @param counts {@code [labels][labels]} counts (copied)
 */
public record ConfusionMatrix(List<String> labels, int[][] counts) {
    /** Copies the fields and checks the matrix is square with one row per label. */
    public ConfusionMatrix {
        labels = List.copyOf(labels);
        if (counts.length != labels.size()) {
            throw new IllegalArgumentException(counts.length + " rows for " + labels.size() + " labels");
        }
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != labels.size()) {
                throw new IllegalArgumentException("row " + i + " has " + counts[i].length + " columns for "
                        + labels.size() + " labels");
            }
            copy[i] = counts[i].clone();
        }
        counts = copy;
    }

    /** Counts the pairs {@code (truth[i], predicted[i])}; both hold label indexes. */
    public static ConfusionMatrix of(List<String> labels, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true labels for " + predicted.length + " predictions");
        }
        int[][] counts = new int[labels.size()][labels.size()];
        for (int i = 0; i < truth.length; i++) {
            counts[truth[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(labels, counts);
    }

    /** A copy of the count for true label {@code truth} predicted as {@code predicted}. */
    public int count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /** A copy of the counts. */
    @Override
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** All counts added up: the number of images scored. */
    public int total() {
        int sum = 0;
        for (int[] row : counts) {
            for (int c : row) {
                sum += c;
            }
        }
        return sum;
    }

    /** The diagonal added up: the images predicted correctly. */
    public int correct() {
        int sum = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += counts[i][i];
        }
        return sum;
    }

    /** {@link #correct()} / {@link #total()}, or NaN when nothing was scored. */
    public double accuracy() {
        int total = total();
        return total == 0 ? Double.NaN : (double) correct() / total;
    }

    /** The counts as a JSON array of rows. */
    public ArrayNode toJson() {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (int[] row : counts) {
            ArrayNode r = rows.addArray();
            for (int c : row) {
                r.add(c);
            }
        }
        return rows;
    }
}
