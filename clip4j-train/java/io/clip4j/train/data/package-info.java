/**
 * Training data for contrastive fine-tuning and linear probes: image–caption pairs read from a CSV
 * file ({@link io.clip4j.train.data.CaptionDatasets#readCsv}) or from a labelled folder tree
 * ({@link io.clip4j.train.data.CaptionDatasets#readFolder}), checked before training so that a
 * bad row fails in seconds with its file and line instead of hours into a run, and split into
 * training and validation parts by seed ({@link io.clip4j.train.data.Split}).
 *
 * <h2>CSV layout</h2>
 * One row per image–caption pair, UTF-8 (a byte-order mark is ignored), RFC 4180 quoting (fields
 * holding commas, quotes or line breaks are quoted, quotes doubled). Blank lines are skipped.
 * <ul>
 *   <li><b>With a header:</b> the first row is a header when its first field is {@code path},
 *       {@code image} or {@code file} and its second {@code caption} or {@code text} (any case).
 *       Columns are then found by name: the path column, the caption column, and the label column
 *       when there is one ({@code label} by default, see {@link DatasetOptions#labelColumn()}).
 *       Other columns are allowed and ignored. Every row must have as many fields as the header.</li>
 *   <li><b>Without a header:</b> {@code path,caption} or {@code path,caption,label}; the first row
 *       sets which, and every row must have that many fields.</li>
 * </ul>
 * Relative paths are resolved against the CSV file's folder; absolute paths are kept.
 *
 * <h2>Labelled folders</h2>
 * {@code root/<label>/*.{jpg,jpeg,png,webp,bmp,tif,tiff}}: the label is the folder's name and the
 * caption is the label with {@code _} and {@code -} read as spaces ({@code golden_retriever} →
 * {@code "golden retriever"}). Files directly under the root, hidden folders and deeper folders are
 * not read.
 */
package io.clip4j.train.data;
