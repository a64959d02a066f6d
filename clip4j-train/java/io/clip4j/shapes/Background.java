package io.clip4j.shapes;

import java.util.Arrays;
import java.util.List;

/**
 * Background colours: greys and one muted colour, none of them a shape colour, so that a caption's
 * colour word always names the shape. {@link #contrasting(Colour)} applies the one rule that keeps
 * a shape visible: its colour must be at least {@value #MIN_CONTRAST} apart from the background in
 * RGB (Euclidean distance), which leaves every shape colour at least two backgrounds.
 */
public enum Background {
    GREY("grey", 128, 128, 128),
    LIGHT_GREY("light grey", 200, 200, 200),
    DARK_GREY("dark grey", 64, 64, 64),
    BEIGE("beige", 225, 210, 175);

    /** The smallest RGB distance between a shape and its background. */
    public static final double MIN_CONTRAST = 100.0;

    private final String words;
    private final int[] rgb;

    Background(String words, int r, int g, int b) {
        this.words = words;
        this.rgb = new int[] {r, g, b};
    }

    /** The words used in captions, e.g. {@code "light grey"}. */
    public String words() {
        return words;
    }

    /** Red, green and blue, 0–255. */
    public int[] rgb() {
        return rgb.clone();
    }

    /** The RGB distance to a shape colour. */
    public double contrast(Colour colour) {
        return contrast(colour.rgb());
    }

    /** The RGB distance to a fill, e.g. a shade of a colour. */
    public double contrast(int[] fill) {
        return Colour.distance(rgb, fill);
    }

    /** The backgrounds a shape of this colour may be drawn on, in declaration order. */
    public static List<Background> contrasting(Colour colour) {
        return Arrays.stream(values()).filter(b -> b.contrast(colour) >= MIN_CONTRAST).toList();
    }
}
