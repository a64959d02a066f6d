package io.clip4j.text;

import java.util.Arrays;
import org.bytedeco.javacpp.LongPointer;

/**
 * A padded batch of tokenized texts in off-heap memory, ready for
 * {@code torch::from_blob(ids().address(), shape(), kLong)}: token ids and attention mask as
 * int64, row-major {@code [size(), contextLength()]}. Each row is the start token, the text's
 * tokens and the end token, then the pad id; the mask is 1 for the start, text and end tokens
 * and 0 for padding.
 *
 * <p>The native buffers belong to the batch: {@link #close()} frees them, after which
 * {@link #ids()} and {@link #attentionMask()} throw; the row accessors keep working, as they
 * read a heap copy. A tensor made with {@code from_blob} must not outlive the batch. Closing is
 * idempotent and thread-safe.
 */
public final class TokenBatch implements AutoCloseable {
    private final int[][] rows;
    private final int contextLength;
    private LongPointer ids;
    private LongPointer attentionMask;

    /** Pads {@code rows} (each at most {@code contextLength} long) into native buffers. */
    TokenBatch(int[][] rows, int contextLength, int padId) {
        this.rows = rows;
        this.contextLength = contextLength;
        long elements = Math.max(1L, (long) rows.length * contextLength);
        LongPointer idBuffer = new LongPointer(elements);
        LongPointer maskBuffer;
        try {
            maskBuffer = new LongPointer(elements);
        } catch (RuntimeException | Error e) {
            idBuffer.deallocate();
            throw e;
        }
        long[] idRow = new long[contextLength];
        long[] maskRow = new long[contextLength];
        for (int r = 0; r < rows.length; r++) {
            int[] row = rows[r];
            for (int c = 0; c < contextLength; c++) {
                boolean real = c < row.length;
                idRow[c] = real ? row[c] : padId;
                maskRow[c] = real ? 1 : 0;
            }
            long offset = (long) r * contextLength;
            idBuffer.position(offset).put(idRow, 0, contextLength);
            maskBuffer.position(offset).put(maskRow, 0, contextLength);
        }
        if (rows.length == 0) {
            idBuffer.put(0, padId);
            maskBuffer.put(0, 0);
        }
        this.ids = idBuffer.position(0);
        this.attentionMask = maskBuffer.position(0);
    }

    /**
     * The token ids, int64 {@code [size(), contextLength()]} row-major.
     *
     * @throws IllegalStateException if the batch is closed
     */
    public synchronized LongPointer ids() {
        ensureOpen();
        return ids;
    }

    /**
     * The attention mask, int64 {@code [size(), contextLength()]} row-major: 1 for real tokens
     * (start and end included), 0 for padding.
     *
     * @throws IllegalStateException if the batch is closed
     */
    public synchronized LongPointer attentionMask() {
        ensureOpen();
        return attentionMask;
    }

    /** The number of texts (rows). */
    public int size() {
        return rows.length;
    }

    /** The number of tokens of each row, padding included. */
    public int contextLength() {
        return contextLength;
    }

    /**
     * The number of real tokens of a row: from the start token up to and including the end
     * token.
     *
     * @throws IndexOutOfBoundsException if {@code row} is not in {@code [0, size())}
     */
    public int length(int row) {
        return rows[checkRow(row)].length;
    }
    /**
     * The longest row among rows [from, to), at least 1: where a batch can be cut, since the
     * causal text tower reads each row at its end-of-text token and padding after it changes nothing.
     */
    public int longest(int from, int to) {
        int longest = 1;
        for (int row = from; row < to; row++) {
            longest = Math.max(longest, length(row));
        }
        return Math.min(longest, contextLength());
    }


    /**
     * The unpadded ids of a row, from the start token up to and including the end token.
     *
     * @throws IndexOutOfBoundsException if {@code row} is not in {@code [0, size())}
     */
    public int[] row(int row) {
        return rows[checkRow(row)].clone();
    }

    /** The tensor shape, {@code {size(), contextLength()}}. */
    public long[] shape() {
        return new long[] {rows.length, contextLength};
    }

    /** Frees the native buffers; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (ids != null) {
            ids.deallocate();
            attentionMask.deallocate();
            ids = null;
            attentionMask = null;
        }
    }

    private void ensureOpen() {
        if (ids == null) {
            throw new IllegalStateException("TokenBatch is closed");
        }
    }

    private int checkRow(int row) {
        if (row < 0 || row >= rows.length) {
            throw new IndexOutOfBoundsException("row " + row + " of a batch of " + rows.length);
        }
        return row;
    }

    @Override
    public String toString() {
        return "TokenBatch" + Arrays.toString(shape());
    }
}
