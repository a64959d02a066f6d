package io.clip4j.shapes;

import java.util.List;
import java.util.Random;

/**
 * Chooses the {@link ShapeSpec} of image {@code index} from the seed alone, so that any image can
 * be made again without making those before it, and a larger count only adds images.
 *
 * <p>Pairs are balanced: images are taken in blocks of one per pair, each block in its own
 * shuffled order, so every pair appears equally often (±1) and every pair appears once the count
 * reaches the number of pairs. Size, background (among those that contrast with the colour),
 * radius, rotation and position are then drawn from a generator seeded by (seed, index). The
 * shape's circle lies at least one pixel inside every edge.
 *
 * <p>With a shade spread above zero, the fill is a shade of the colour, drawn last (so a spread of
 * zero leaves every other choice as it was): the colour's RGB scaled by 1 ± 0.2·spread, plus
 * Gaussian noise of 15·spread per channel, kept only if the named colour nearest to it is still
 * the shape's own (so the caption stays true) and it still contrasts with the background. An
 * outline, if the style asks for one, changes nothing else either.
 */
final class ShapeSampler {
    /** Tries at a shade before falling back to the exact colour. */
    private static final int SHADE_TRIES = 20;

    private final List<ColourShape> pairs;
    private final long seed;
    private final int size;
    private final double shadeSpread;
    private final int outlineWidth;

    ShapeSampler(List<ColourShape> pairs, long seed, int size) {
        this(pairs, seed, size, ShapeStyle.PLAIN);
    }

    ShapeSampler(List<ColourShape> pairs, long seed, int size, ShapeStyle style) {
        this.pairs = List.copyOf(pairs);
        this.seed = seed;
        this.size = size;
        this.shadeSpread = style.shadeSpread();
        this.outlineWidth = style.outlined() ? ShapeStyle.outlineWidth(size) : 0;
    }

    ShapeSpec sample(int index) {
        int block = index / pairs.size();
        int[] order = shuffled(pairs.size(), new Random(mix(seed, -1L - block)));
        ColourShape pair = pairs.get(order[index % pairs.size()]);
        Random random = new Random(mix(seed, index));
        SizeClass sizeClass = SizeClass.values()[random.nextInt(SizeClass.values().length)];
        List<Background> backgrounds = Background.contrasting(pair.colour());
        Background background = backgrounds.get(random.nextInt(backgrounds.size()));
        double radius = size * (sizeClass.minRadius() + random.nextDouble() * (sizeClass.maxRadius() - sizeClass.minRadius()));
        double range = pair.shape().rotationRange();
        double rotation = range == 0 ? 0 : (random.nextDouble() - 0.5) * range;
        double low = radius + 1;
        double span = size - 1 - 2 * low;
        double x = low + random.nextDouble() * span;
        double y = low + random.nextDouble() * span;
        ShapeSpec.Rgb fill = shadeSpread > 0 ? shade(pair.colour(), background, random) : ShapeSpec.exact(pair.colour());
        return new ShapeSpec(pair, sizeClass, background, x, y, radius, rotation, fill, outlineWidth);
    }

    private ShapeSpec.Rgb shade(Colour colour, Background background, Random random) {
        int[] base = colour.rgb();
        for (int attempt = 0; attempt < SHADE_TRIES; attempt++) {
            double scale = 1 + (random.nextDouble() * 2 - 1) * 0.2 * shadeSpread;
            int[] c = new int[3];
            for (int k = 0; k < 3; k++) {
                c[k] = (int) Math.max(0, Math.min(255, Math.round(base[k] * scale + random.nextGaussian() * 15 * shadeSpread)));
            }
            if (Colour.nearest(c) == colour && background.contrast(c) >= Background.MIN_CONTRAST) {
                return new ShapeSpec.Rgb(c[0], c[1], c[2]);
            }
        }
        return ShapeSpec.exact(colour);
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** SplitMix64's finaliser over (seed, stream): independent generators per image and per block. */
    static long mix(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
