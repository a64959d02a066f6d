package io.clip4j.train.data;

/**
 * A dataset row as read, before validation: the fields as written, nothing resolved or checked.
 *
 * @param line    1-based line where the row starts in the CSV, or 0 for a labelled folder
 * @param path    the image path as written (stripped)
 * @param caption the caption (stripped; may be empty)
 * @param label   the label (stripped), or {@code null} when there is none or it is empty
 */
record Row(int line, String path, String caption, String label) {
}
