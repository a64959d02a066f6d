package io.clip4j.shapes;

import io.clip4j.BadFileException;
import io.clip4j.ClipException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a shapes dataset: {@code DIR/images/000000.png …} and {@code DIR/data.csv}.
 *
 * <p>The CSV's header is {@code path,caption,colour,shape,label,size,background}: {@code path} is
 * relative to {@code DIR}; {@code label} is {@code "<colour> <shape>"}, the default label column of
 * {@link io.clip4j.train.data.CaptionDatasets#readCsv}, so that a probe over the 48 pairs needs no
 * option; a probe over colour or shape alone names that column instead
 * ({@code DatasetOptions.withLabelColumn("shape")}). {@code size} is small, medium or large.
 *
 * <p>The CSV is written last, through a temporary file, so that a run that is stopped leaves no CSV
 * that names missing images. An output folder that already holds a dataset is refused rather than
 * mixed with the new one.
 */
public final class ShapesGenerator {
    /** The smallest image side: shapes are designed to be told apart at 64×64. */
    public static final int MIN_SIZE = 64;
    /** The largest image side. */
    public static final int MAX_SIZE = 1024;
    /** The most images, so that six-digit file names suffice. */
    public static final int MAX_COUNT = 1_000_000;
    /** The largest shade spread: beyond it most shades would leave their colour's name behind. */
    public static final double MAX_SHADE_SPREAD = 3;
    /** The CSV's columns. */
    public static final List<String> HEADER = List.of("path", "caption", "colour", "shape", "label", "size", "background");

    private ShapesGenerator() {
    }

    /**
     * Writes {@code count} images and their CSV.
     *
     * @param out   the output folder; created if missing; must not already hold {@code data.csv} or
     *              a non-empty {@code images/}
     * @param count how many images, 1 to {@value #MAX_COUNT}
     * @param seed  the seed: the same seed, count, pair set and size give byte-identical files
     * @param pairs which colour–shape pairs are drawn
     * @param size  image side in pixels, {@value #MIN_SIZE} to {@value #MAX_SIZE}
     * @return what was written
     * @throws ClipException     for a count or size out of range
     * @throws BadFileException  if the folder already holds a dataset or cannot be written
     */
    public static ShapesSummary generate(Path out, int count, long seed, PairSet pairs, int size) {
        return generate(out, count, seed, pairs, size, done -> { });
    }

    /**
     * {@link #generate(Path, int, long, PairSet, int)} that reports progress.
     *
     * @param progress called with the number of images written so far, after each image
     */
    public static ShapesSummary generate(Path out, int count, long seed, PairSet pairs, int size, IntConsumer progress) {
        return generate(out, count, seed, pairs, size, ShapeStyle.PLAIN, progress);
    }

    /**
     * {@link #generate(Path, int, long, PairSet, int, IntConsumer)} in another style: shapes filled
     * in shades of their colour, outlined, or both. The style changes the pixels and nothing else:
     * the same seed draws the same shapes, sizes, places and captions.
     *
     * @param style the shade spread (at most {@value #MAX_SHADE_SPREAD}) and whether to outline
     */
    public static ShapesSummary generate(Path out, int count, long seed, PairSet pairs, int size, ShapeStyle style,
                                         IntConsumer progress) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(pairs, "pairs");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(progress, "progress");
        if (count < 1 || count > MAX_COUNT) {
            throw new ClipException("count must be between 1 and " + MAX_COUNT + ", got " + count);
        }
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new ClipException("size must be between " + MIN_SIZE + " and " + MAX_SIZE + " pixels, got " + size);
        }
        double shadeSpread = style.shadeSpread();
        if (!(shadeSpread >= 0 && shadeSpread <= MAX_SHADE_SPREAD)) {
            throw new ClipException("shade spread must be between 0 and " + MAX_SHADE_SPREAD + ", got " + shadeSpread);
        }
        Path images = out.resolve("images");
        Path csv = out.resolve("data.csv");
        prepare(out, images, csv);
        ShapeSampler sampler = new ShapeSampler(pairs.pairs(), seed, size, style);
        ShapeRenderer renderer = new ShapeRenderer(size);
        Set<ColourShape> drawn = new LinkedHashSet<>();
        Path partial = out.resolve("data.csv.partial");
        try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
             CSVPrinter printer = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get().print(writer)) {
            printer.printRecord(HEADER);
            for (int i = 0; i < count; i++) {
                ShapeSpec spec = sampler.sample(i);
                String name = String.format(Locale.ROOT, "%06d.png", i);
                write(images.resolve(name), renderer.png(spec));
                printer.printRecord("images/" + name, spec.caption(), spec.pair().colour().word(),
                        spec.pair().shape().word(), spec.pair().label(), spec.sizeClass().column(), spec.background().words());
                drawn.add(spec.pair());
                progress.accept(i + 1);
            }
        } catch (IOException e) {
            throw new BadFileException(partial, "cannot be written: " + e.getMessage(), e);
        }
        try {
            Files.move(partial, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BadFileException(csv, "cannot be written: " + e.getMessage(), e);
        }
        List<ColourShape> ordered = pairs.pairs().stream().filter(drawn::contains).toList();
        return new ShapesSummary(out, csv, count, seed, pairs, size, ordered);
    }

    private static void prepare(Path out, Path images, Path csv) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadFileException(out, "is a file; the output must be a folder");
        }
        if (Files.exists(csv)) {
            throw new BadFileException(out, "already holds a dataset (data.csv); choose another folder or delete it");
        }
        try {
            if (Files.isDirectory(images)) {
                try (Stream<Path> entries = Files.list(images)) {
                    if (entries.findAny().isPresent()) {
                        throw new BadFileException(images, "is not empty; choose another output folder or empty it");
                    }
                }
            }
            Files.createDirectories(images);
        } catch (IOException e) {
            throw new BadFileException(images, "cannot be created: " + e.getMessage(), e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new BadFileException(file, "cannot be written: " + e.getMessage(), e);
        }
    }
}
