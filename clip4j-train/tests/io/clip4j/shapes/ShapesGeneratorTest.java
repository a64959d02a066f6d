package io.clip4j.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.BadFileException;
import io.clip4j.ClipException;
import io.clip4j.image.ImageDecoder;
import io.clip4j.train.data.CaptionDataset;
import io.clip4j.train.data.CaptionDatasets;
import io.clip4j.train.data.DatasetOptions;
import io.clip4j.train.data.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Determinism, pair sets, the CSV, and what the pictures hold. */
class ShapesGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedGivesByteIdenticalFiles() throws Exception {
        ShapesGenerator.generate(dir.resolve("a"), 30, 5, PairSet.ALL, 64);
        ShapesGenerator.generate(dir.resolve("b"), 30, 5, PairSet.ALL, 64);
        ShapesGenerator.generate(dir.resolve("c"), 30, 6, PairSet.ALL, 64);
        ShapesGenerator.generate(dir.resolve("d"), 40, 5, PairSet.ALL, 64);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/data.csv")), Files.readAllBytes(dir.resolve("b/data.csv")));
        int differ = 0;
        for (int i = 0; i < 30; i++) {
            String name = String.format("images/%06d.png", i);
            byte[] a = Files.readAllBytes(dir.resolve("a").resolve(name));
            assertArrayEquals(a, Files.readAllBytes(dir.resolve("b").resolve(name)), name);
            assertArrayEquals(a, Files.readAllBytes(dir.resolve("d").resolve(name)), "a larger count only adds images: " + name);
            differ += java.util.Arrays.equals(a, Files.readAllBytes(dir.resolve("c").resolve(name))) ? 0 : 1;
        }
        assertTrue(differ > 25, "another seed gives other images (" + differ + " of 30 differ)");
        assertFalse(Files.exists(dir.resolve("a/data.csv.partial")));
    }

    @Test
    void heldOutListIsOnePerColourEveryShapeAndLeavesEverythingSeen() {
        List<ColourShape> held = PairSet.HELD_OUT_PAIRS;
        assertEquals(8, held.size());
        assertEquals(EnumSet.allOf(Colour.class), held.stream().map(ColourShape::colour).collect(Collectors.toCollection(() -> EnumSet.noneOf(Colour.class))));
        assertEquals(EnumSet.allOf(Shape.class), held.stream().map(ColourShape::shape).collect(Collectors.toCollection(() -> EnumSet.noneOf(Shape.class))));
        assertEquals(40, PairSet.SEEN.pairs().size());
        assertEquals(held.stream().collect(Collectors.toSet()), Set.copyOf(PairSet.HELD_OUT.pairs()));
        assertEquals(48, PairSet.ALL.pairs().size());
        for (Colour c : Colour.values()) {
            assertEquals(5, PairSet.SEEN.pairs().stream().filter(p -> p.colour() == c).count(), c.word());
        }
        for (Shape s : Shape.values()) {
            assertTrue(PairSet.SEEN.pairs().stream().filter(p -> p.shape() == s).count() >= 6, s.word());
        }
    }

    @Test
    void seenNeverDrawsAHeldOutPairAndHeldOutOnlyThose() {
        CaptionDataset seen = read(ShapesGenerator.generate(dir.resolve("seen"), 200, 1, PairSet.SEEN, 64).csv());
        Set<String> heldLabels = PairSet.HELD_OUT_PAIRS.stream().map(ColourShape::label).collect(Collectors.toSet());
        assertTrue(seen.samples().stream().noneMatch(s -> heldLabels.contains(s.label())));
        assertEquals(40, seen.labels().size());

        ShapesSummary held = ShapesGenerator.generate(dir.resolve("held"), 16, 1, PairSet.HELD_OUT, 64);
        assertEquals(PairSet.HELD_OUT.pairs(), held.drawn());
        assertTrue(read(held.csv()).samples().stream().allMatch(s -> heldLabels.contains(s.label())));
    }

    @Test
    void everyColourAndShapeAppearsOnceCountReachesThePairs() {
        CaptionDataset data = read(ShapesGenerator.generate(dir.resolve("s"), 40, 9, PairSet.SEEN, 64).csv());
        assertEquals(40, data.labels().size(), "balanced: 40 images cover the 40 seen pairs");
        CaptionDataset colours = CaptionDatasets.readCsv(dir.resolve("s/data.csv"), DatasetOptions.defaults().withLabelColumn("colour"));
        CaptionDataset shapes = CaptionDatasets.readCsv(dir.resolve("s/data.csv"), DatasetOptions.defaults().withLabelColumn("shape"));
        assertEquals(8, colours.labels().size());
        assertEquals(6, shapes.labels().size());
    }

    @Test
    void csvIsReadableAndImagesDecodeAtTheirSize() throws Exception {
        ShapesSummary summary = ShapesGenerator.generate(dir.resolve("big"), 12, 3, PairSet.ALL, 96);
        List<String> lines = Files.readAllLines(summary.csv());
        assertEquals(String.join(",", ShapesGenerator.HEADER), lines.get(0));
        CaptionDataset data = read(summary.csv());
        assertEquals(12, data.size());
        assertTrue(data.report().ok());
        ImageDecoder decoder = new ImageDecoder();
        for (Sample s : data.samples()) {
            assertTrue(s.caption().matches("an? ((small|large) )?\\w+ \\w+ on an? [a-z ]+ background"), s.caption());
            assertTrue(s.caption().contains(s.label()), s.caption());
            try (PointerScope scope = new PointerScope()) {
                Mat m = decoder.decode(s.image());
                assertEquals(96, m.rows());
                assertEquals(96, m.cols());
            }
        }
    }

    @Test
    void pixelsShowTheShapeColourAtTheCentreAndTheBackgroundAtTheCorners() {
        ShapeSampler sampler = new ShapeSampler(PairSet.ALL.pairs(), 11, 64);
        ShapeRenderer renderer = new ShapeRenderer(64);
        for (int i = 0; i < 96; i++) {
            ShapeSpec spec = sampler.sample(i);
            assertTrue(spec.background().contrast(spec.pair().colour()) >= Background.MIN_CONTRAST);
            assertTrue(spec.centreX() - spec.radius() >= 1 && spec.centreX() + spec.radius() <= 62, spec.toString());
            assertTrue(spec.centreY() - spec.radius() >= 1 && spec.centreY() + spec.radius() <= 62, spec.toString());
            try (PointerScope scope = new PointerScope()) {
                Mat m = renderer.draw(spec);
                assertArrayEquals(spec.pair().colour().rgb(), rgb(m, (int) Math.round(spec.centreX()), (int) Math.round(spec.centreY())), spec.toString());
                for (int[] corner : new int[][] {{0, 0}, {63, 0}, {0, 63}, {63, 63}}) {
                    assertArrayEquals(spec.background().rgb(), rgb(m, corner[0], corner[1]), spec.toString());
                }
            }
        }
    }

    @Test
    void shadesKeepTheirColoursNameAndContrastAndAreDrawn() {
        ShapeSampler exact = new ShapeSampler(PairSet.ALL.pairs(), 11, 64);
        ShapeSampler shaded = new ShapeSampler(PairSet.ALL.pairs(), 11, 64, new ShapeStyle(1.0, false));
        ShapeRenderer renderer = new ShapeRenderer(64);
        Set<ShapeSpec.Rgb> fills = new HashSet<>();
        for (int i = 0; i < 480; i++) {
            ShapeSpec plain = exact.sample(i);
            ShapeSpec shade = shaded.sample(i);
            assertEquals(plain, new ShapeSpec(shade.pair(), shade.sizeClass(), shade.background(), shade.centreX(),
                    shade.centreY(), shade.radius(), shade.rotation()), "only the fill differs");
            int[] fill = shade.fill().array();
            assertEquals(shade.pair().colour(), Colour.nearest(fill), "the caption's colour word stays true: " + shade);
            assertTrue(shade.background().contrast(fill) >= Background.MIN_CONTRAST, shade.toString());
            fills.add(shade.fill());
            if (i < 24) {
                try (PointerScope scope = new PointerScope()) {
                    Mat m = renderer.draw(shade);
                    assertArrayEquals(fill, rgb(m, (int) Math.round(shade.centreX()), (int) Math.round(shade.centreY())));
                }
            }
        }
        assertTrue(fills.size() > 400, "shades vary from image to image: " + fills.size() + " fills in 480");
        assertEquals("shade spread must be between 0 and 3.0, got -1.0", assertThrows(ClipException.class,
                () -> ShapesGenerator.generate(dir.resolve("s"), 1, 1, PairSet.ALL, 64, new ShapeStyle(-1, false), done -> { })).getMessage());
    }

    @Test
    void outlinesAreDrawnInTheBackgroundsInkAndChangeNothingElse() {
        ShapeSampler plain = new ShapeSampler(PairSet.ALL.pairs(), 11, 64);
        ShapeSampler outlined = new ShapeSampler(PairSet.ALL.pairs(), 11, 64, ShapeStyle.PLAIN.withOutline(true));
        ShapeRenderer renderer = new ShapeRenderer(64);
        for (int i = 0; i < 96; i++) {
            ShapeSpec without = plain.sample(i);
            ShapeSpec with = outlined.sample(i);
            assertEquals(3, with.outlineWidth());
            assertEquals(without, new ShapeSpec(with.pair(), with.sizeClass(), with.background(), with.centreX(),
                    with.centreY(), with.radius(), with.rotation(), with.fill(), 0), "only the outline differs");
            int[] ink = ShapeStyle.INK.array();
            try (PointerScope scope = new PointerScope()) {
                Mat m = renderer.draw(with);
                assertArrayEquals(with.fill().array(), rgb(m, (int) Math.round(with.centreX()), (int) Math.round(with.centreY())),
                        "the fill still shows inside: " + with);
                assertArrayEquals(with.background().rgb(), rgb(m, 0, 0), with.toString());
                assertEquals(0, count(renderer.draw(without), ink), "no ink without an outline: " + without);
                int inked = count(m, ink);
                assertTrue(inked >= 2 * Math.PI * with.radius(), "an outline of " + inked + " ink pixels: " + with);
            }
        }
        assertEquals(6, ShapeStyle.outlineWidth(128), "the outline grows with the image");
        for (Colour c : Colour.values()) {
            assertTrue(c.distance(ShapeStyle.INK.array()) >= Background.MIN_CONTRAST, "the outline shows on " + c.word());
        }
        for (Background b : Background.values()) {
            assertTrue(b.contrast(ShapeStyle.INK.array()) >= Background.MIN_CONTRAST, "the outline shows on " + b.words());
        }
    }

    @Test
    void nearestColourOfAnExactColourIsItself() {
        for (Colour c : Colour.values()) {
            assertEquals(c, Colour.nearest(c.rgb()));
            assertEquals(0.0, c.distance(c.rgb()));
        }
        assertEquals(Colour.ORANGE, Colour.nearest(new int[] {250, 160, 10}), "a lighter orange is still orange");
    }

    @Test
    void captionsUseSizeWordsAndArticles() {
        ShapeSpec spec = new ShapeSpec(new ColourShape(Colour.RED, Shape.TRIANGLE), SizeClass.SMALL, Background.GREY, 30, 30, 10, 0);
        assertEquals("a small red triangle on a grey background", spec.caption());
        spec = new ShapeSpec(new ColourShape(Colour.ORANGE, Shape.STAR), SizeClass.MEDIUM, Background.LIGHT_GREY, 30, 30, 10, 0);
        assertEquals("an orange star on a light grey background", spec.caption());
        spec = new ShapeSpec(new ColourShape(Colour.WHITE, Shape.HEART), SizeClass.LARGE, Background.DARK_GREY, 30, 30, 10, 0);
        assertEquals("a large white heart on a dark grey background", spec.caption());
    }

    @Test
    void everyColourHasSeveralContrastingBackgroundsNeverItsOwnColour() {
        for (Colour c : Colour.values()) {
            List<Background> backgrounds = Background.contrasting(c);
            assertTrue(backgrounds.size() >= 2, c.word());
            backgrounds.forEach(b -> assertFalse(java.util.Arrays.equals(b.rgb(), c.rgb())));
        }
    }

    @Test
    void badArgumentsAndExistingDatasetsAreRefused() {
        assertEquals("count must be between 1 and 1000000, got 0",
                assertThrows(ClipException.class, () -> ShapesGenerator.generate(dir, 0, 1, PairSet.ALL, 64)).getMessage());
        assertTrue(assertThrows(ClipException.class, () -> ShapesGenerator.generate(dir, 1, 1, PairSet.ALL, 32))
                .getMessage().startsWith("size must be between 64"));
        ShapesGenerator.generate(dir.resolve("x"), 1, 1, PairSet.ALL, 64);
        BadFileException e = assertThrows(BadFileException.class, () -> ShapesGenerator.generate(dir.resolve("x"), 1, 1, PairSet.ALL, 64));
        assertTrue(e.getMessage().contains("already holds a dataset"), e.getMessage());
        assertEquals(PairSet.HELD_OUT, PairSet.parse("Held-Out"));
        assertTrue(assertThrows(ClipException.class, () -> PairSet.parse("some")).getMessage().contains("seen, held-out or all"));
    }

    private static CaptionDataset read(Path csv) {
        return CaptionDatasets.readCsv(csv);
    }

    private static int count(Mat m, int[] colour) {
        int n = 0;
        for (int y = 0; y < m.rows(); y++) {
            for (int x = 0; x < m.cols(); x++) {
                n += java.util.Arrays.equals(colour, rgb(m, x, y)) ? 1 : 0;
            }
        }
        return n;
    }

    private static int[] rgb(Mat m, int x, int y) {
        try (BytePointer p = m.ptr(y, x)) {
            return new int[] {p.get(2) & 0xFF, p.get(1) & 0xFF, p.get(0) & 0xFF};
        }
    }
}
