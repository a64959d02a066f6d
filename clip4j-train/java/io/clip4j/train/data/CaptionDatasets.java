package io.clip4j.train.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads and validates a training dataset in one call, applying {@link DatasetOptions#skipBad()}:
 * either every row is usable, or bad rows are dropped and listed in the report, or a
 * {@link DatasetException} says what is wrong before any training starts.
 */
public final class CaptionDatasets {
    private CaptionDatasets() {
    }

    /**
     * Reads a captions CSV (layout in the package comment).
     *
     * @param csv     the CSV file; relative image paths are resolved against its folder
     * @param options strictness, image check and label column
     * @return the usable samples and the validation report
     * @throws DatasetException if the file cannot be read or parsed, has no usable row, or has bad
     *                          rows and {@code skipBad} is off; the message starts with the file
     */
    public static CaptionDataset readCsv(Path csv, DatasetOptions options) {
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(options, "options");
        return validate(new CaptionCsvReader(options.labelColumn()).read(csv), options);
    }

    /** {@link #readCsv(Path, DatasetOptions)} with {@link DatasetOptions#defaults()}. */
    public static CaptionDataset readCsv(Path csv) {
        return readCsv(csv, DatasetOptions.defaults());
    }

    /**
     * Reads a labelled-folder tree {@code root/<label>/<image>} (see the package comment).
     *
     * @param root    the folder holding one folder per label
     * @param options strictness and image check ({@code labelColumn} does not apply)
     * @return the usable samples and the validation report
     * @throws DatasetException if the root is missing or holds no images, or has bad images and
     *                          {@code skipBad} is off
     */
    public static CaptionDataset readFolder(Path root, DatasetOptions options) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(options, "options");
        return validate(new LabelledFolderReader().read(root), options);
    }

    /** {@link #readFolder(Path, DatasetOptions)} with {@link DatasetOptions#defaults()}. */
    public static CaptionDataset readFolder(Path root) {
        return readFolder(root, DatasetOptions.defaults());
    }

    private static CaptionDataset validate(RawRows raw, DatasetOptions options) {
        RowValidator.Result result = new RowValidator(options).validate(raw);
        ValidationReport report = result.report();
        if (result.samples().isEmpty()) {
            throw report.rows() == 0
                    ? new DatasetException(raw.source(), "has no rows")
                    : new DatasetException(raw.source(), "has no usable rows", report);
        }
        if (!report.ok() && !options.skipBad()) {
            throw new DatasetException(raw.source(), "has bad rows (drop them with skipBad)", report);
        }
        return new CaptionDataset(raw.source(), result.samples(), report);
    }
}
