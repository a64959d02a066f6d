package io.clip4j.shapes;

import java.util.Locale;

/** The eight shape colours: saturated, far apart, and each with a plain English name. */
public enum Colour {
    RED(220, 20, 20),
    GREEN(30, 160, 30),
    BLUE(30, 60, 220),
    YELLOW(245, 220, 20),
    PURPLE(140, 40, 190),
    ORANGE(250, 140, 0),
    WHITE(255, 255, 255),
    BLACK(0, 0, 0);

    private final int r;
    private final int g;
    private final int b;

    Colour(int r, int g, int b) {
        this.r = r;
        this.g = g;
        this.b = b;
    }

    /** The word used in captions and the CSV, e.g. {@code "red"}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Red, green and blue, 0–255. */
    public int[] rgb() {
        return new int[] {r, g, b};
    }

    /** Euclidean RGB distance from this colour to {@code rgb}. */
    public double distance(int[] rgb) {
        return distance(rgb(), rgb);
    }

    /** Euclidean distance between two RGB triples. */
    static double distance(int[] a, int[] b) {
        return Math.sqrt(square(a[0] - b[0]) + square(a[1] - b[1]) + square(a[2] - b[2]));
    }

    /** The named colour nearest to {@code rgb}: the name a shade of that colour goes by. */
    public static Colour nearest(int[] rgb) {
        Colour best = values()[0];
        for (Colour c : values()) {
            if (c.distance(rgb) < best.distance(rgb)) {
                best = c;
            }
        }
        return best;
    }

    private static double square(int v) {
        return (double) v * v;
    }
}
