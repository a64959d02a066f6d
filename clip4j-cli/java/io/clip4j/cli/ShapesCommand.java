package io.clip4j.cli;

import io.clip4j.shapes.PairSet;
import io.clip4j.shapes.ShapeStyle;
import io.clip4j.shapes.ShapesGenerator;
import io.clip4j.shapes.ShapesSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clip4j shapes generate}: the synthetic coloured-shapes dataset
 * ({@link io.clip4j.shapes}), for training small models and testing held-out colour–shape pairs.
 */
@Command(name = "shapes", description = "Synthetic coloured-shapes dataset for training and compositional tests.",
        subcommands = {ShapesCommand.Generate.class, ShapesDemoCommand.class})
public final class ShapesCommand implements Runnable {
    /** Creates the command; picocli fills in its options. */
    public ShapesCommand() {
    }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: generate");
    }

    /** {@code clip4j shapes generate}: writes DIR/images/NNNNNN.png and DIR/data.csv. */
    @Command(name = "generate", description = {
        "Draw N captioned images of coloured shapes into DIR/images and list them in DIR/data.csv",
        "(path,caption,colour,shape,label,size,background). The same seed gives byte-identical files.",
        "Held-out pairs: red triangle, green star, blue circle, yellow heart, purple square, orange cross,",
        "white heart, black triangle. Shapes are shaded and outlined as the demo model was trained (--plain",
        "for exact colours without outlines). Prints one JSON summary line."})
    public static final class Generate implements Callable<Integer> {
        /** Creates the command; picocli fills in its options. */
        public Generate() {
        }

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if missing; must not hold a dataset).")
        Path out;

        @Option(names = "--count", required = true, paramLabel = "N", description = "Number of images.")
        int count;

        @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--pairs", defaultValue = "seen", paramLabel = "SET", converter = PairSetConverter.class,
                description = "seen, held-out or all (default: ${DEFAULT-VALUE}, so held-out pairs stay unseen unless asked for).")
        PairSet pairs;

        @Option(names = "--size", defaultValue = "64", paramLabel = "PX",
                description = "Image side in pixels, " + ShapesGenerator.MIN_SIZE + " to " + ShapesGenerator.MAX_SIZE
                        + " (default: ${DEFAULT-VALUE}).")
        int size;

        @Option(names = "--shades", paramLabel = "SPREAD",
                description = "Fill each shape with a shade of its colour (still nearest its own name): 0 for the exact"
                        + " colours, 1 for about ±20%% brightness and ±15 per channel (the default, as the demo model was"
                        + " trained), at most " + ShapesGenerator.MAX_SHADE_SPREAD + ".")
        Double shades;

        @Option(names = "--outline", negatable = true, description = "Give each shape a cyan border (a colour no shape has), the same on"
                + " every shape and background, so the shape shows in pixels that do not depend on its colour"
                + " (default: on, as the demo model was trained).")
        Boolean outline;

        @Option(names = "--plain", description = "Exact colours and no outlines (the style before the demo model's;"
                + " the demo model classifies such images poorly).")
        boolean plain;

        /** The demo model's style unless asked otherwise. */
        ShapeStyle style() {
            if (plain && (shades != null || outline != null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--plain cannot be combined with --shades or --outline");
            }
            ShapeStyle base = plain ? ShapeStyle.PLAIN : ShapeStyle.DEMO;
            return base.withShades(shades != null ? shades : base.shadeSpread())
                    .withOutline(outline != null ? outline : base.outlined());
        }

        @Override
        public Integer call() {
            ShapesSummary summary;
            try (Progress progress = new Progress("shapes", count)) {
                int[] last = {0};
                summary = ShapesGenerator.generate(out, count, seed, pairs, size, style(), done -> {
                    progress.step(done - last[0]);
                    last[0] = done;
                });
            }
            var line = JsonLines.object().put("out", summary.dir().toString()).put("csv", summary.csv().toString())
                    .put("images", summary.images()).put("seed", summary.seed()).put("pairs", summary.pairs().option())
                    .put("size", summary.size()).put("distinct_pairs", summary.drawn().size());
            JsonLines.print(spec.commandLine().getOut(), line);
            return 0;
        }
    }

    /** Reads {@code seen|held-out|all}; a bad value becomes picocli's "Invalid value" error (exit 2). */
    static final class PairSetConverter implements CommandLine.ITypeConverter<PairSet> {
        @Override
        public PairSet convert(String value) {
            try {
                return PairSet.parse(value);
            } catch (io.clip4j.ClipException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
