package io.clip4j.shapes;

import java.util.Objects;

/**
 * Everything about one picture: what is drawn, where, and the caption that describes it.
 *
 * @param pair       colour and shape
 * @param sizeClass  small, medium or large
 * @param background background colour
 * @param centreX    centre, in pixels from the left
 * @param centreY    centre, in pixels from the top
 * @param radius     radius of the circle around the shape, in pixels
 * @param rotation   clockwise rotation in degrees
 * @param fill       the RGB the shape is filled with: the colour itself, or a shade of it (nearer to
 *                   it than to any other named colour)
 * @param outlineWidth width in pixels of the border drawn in {@link ShapeStyle#INK}, centred on
 *                   the shape's edge; 0 for none
 */
public record ShapeSpec(ColourShape pair, SizeClass sizeClass, Background background,
                        double centreX, double centreY, double radius, double rotation, Rgb fill, int outlineWidth) {
    /** An RGB triple, 0–255 each. */
    public record Rgb(int r, int g, int b) {
        /** The three values as an array. */
        public int[] array() {
            return new int[] {r, g, b};
        }
    }

    /** Checks the fields. */
    public ShapeSpec {
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(sizeClass, "sizeClass");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(fill, "fill");
        if (outlineWidth < 0) {
            throw new IllegalArgumentException("outlineWidth must not be negative, got " + outlineWidth);
        }
    }

    /** A shape filled with its colour exactly, without an outline. */
    public ShapeSpec(ColourShape pair, SizeClass sizeClass, Background background,
                     double centreX, double centreY, double radius, double rotation) {
        this(pair, sizeClass, background, centreX, centreY, radius, rotation, exact(pair.colour()), 0);
    }

    static Rgb exact(Colour colour) {
        int[] c = colour.rgb();
        return new Rgb(c[0], c[1], c[2]);
    }

    /**
     * {@code "a small red triangle on a grey background"}; medium shapes have no size word, and
     * the article follows the next word ({@code "an orange star …"}).
     */
    public String caption() {
        String noun = (sizeClass.word() == null ? "" : sizeClass.word() + " ") + pair.label();
        return article(noun) + " " + noun + " on " + article(background.words()) + " " + background.words() + " background";
    }

    private static String article(String next) {
        return "aeiou".indexOf(next.charAt(0)) >= 0 ? "an" : "a";
    }
}
