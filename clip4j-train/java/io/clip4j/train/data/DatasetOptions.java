package io.clip4j.train.data;

import io.clip4j.image.DecodeOptions;
import java.util.Objects;

/**
 * How a dataset is read and checked.
 *
 * @param skipBad     {@code false} (the default): any bad row fails the whole dataset with a
 *                    {@link DatasetException}; {@code true}: bad rows are dropped and only listed in
 *                    the report, so that a large scraped dataset with a few broken files can still
 *                    be used
 * @param imageCheck  how much of each image is read to check it
 * @param labelColumn the header name of the label column in a CSV with a header (default
 *                    {@code label}); another name picks another column as the label, e.g.
 *                    {@code shape} for a probe on the shapes data set
 * @param decode      the decoder's limits, which a full check applies
 */
public record DatasetOptions(boolean skipBad, ImageCheck imageCheck, String labelColumn, DecodeOptions decode) {

    /**
     * How images are checked before training.
     *
     * <p>{@link #DECODE} is the default because the point of validation is to fail before a
     * training run, not during it, and only a full decode finds truncated or corrupt data: it costs
     * one decode per distinct image (an image listed with several captions is decoded once).
     * {@link #HEADER} reads only the first bytes of each file and checks that
     * {@link io.clip4j.image.HeaderSniffer} recognises an image of a sensible size within the
     * decoder's pixel limit: much faster on large datasets, but a file cut short or damaged after
     * its header passes and fails later, when the training loader decodes it.
     */
    public enum ImageCheck {
        /** Check only that the file exists. */
        EXISTS,
        /** Read the header: format and size known, within the pixel limit. */
        HEADER,
        /** Decode every image with {@link io.clip4j.image.ImageDecoder}. */
        DECODE
    }

    /** Checks the fields. */
    public DatasetOptions {
        Objects.requireNonNull(imageCheck, "imageCheck");
        Objects.requireNonNull(decode, "decode");
        if (labelColumn == null || labelColumn.isBlank()) {
            throw new IllegalArgumentException("labelColumn must not be blank");
        }
        labelColumn = labelColumn.strip();
    }

    /** Strict: bad rows fail the dataset; images fully decoded; label column {@code label}. */
    public static DatasetOptions defaults() {
        return new DatasetOptions(false, ImageCheck.DECODE, "label", DecodeOptions.defaults());
    }

    /** These options with bad rows dropped ({@code true}) or failing the dataset ({@code false}). */
    public DatasetOptions withSkipBad(boolean skip) {
        return new DatasetOptions(skip, imageCheck, labelColumn, decode);
    }

    /** These options with another image check. */
    public DatasetOptions withImageCheck(ImageCheck check) {
        return new DatasetOptions(skipBad, check, labelColumn, decode);
    }

    /** These options with another label column name. */
    public DatasetOptions withLabelColumn(String column) {
        return new DatasetOptions(skipBad, imageCheck, column, decode);
    }

    /** These options with other decoder limits. */
    public DatasetOptions withDecode(DecodeOptions options) {
        return new DatasetOptions(skipBad, imageCheck, labelColumn, options);
    }
}
