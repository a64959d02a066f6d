package io.clip4j.shapes;

import io.clip4j.ClipException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which colour–shape pairs are drawn: those seen in training, the held-out ones, or all.
 *
 * <p>The held-out list is fixed (changing it would silently change every experiment built on
 * it): one pair per colour, each shape at least once, so that every colour is still seen with five
 * shapes and every shape with at least six colours:
 * <pre>
 *   red triangle, green star, blue circle, yellow heart,
 *   purple square, orange cross, white heart, black triangle
 * </pre>
 * That leaves 40 seen pairs of the 48.
 */
public enum PairSet {
    /** The 40 pairs not held out: the training set. */
    SEEN,
    /** The 8 held-out pairs: the compositional test set. */
    HELD_OUT,
    /** All 48 pairs. */
    ALL;

    /** The held-out pairs, in colour order. */
    public static final List<ColourShape> HELD_OUT_PAIRS = List.of(
            new ColourShape(Colour.RED, Shape.TRIANGLE),
            new ColourShape(Colour.GREEN, Shape.STAR),
            new ColourShape(Colour.BLUE, Shape.CIRCLE),
            new ColourShape(Colour.YELLOW, Shape.HEART),
            new ColourShape(Colour.PURPLE, Shape.SQUARE),
            new ColourShape(Colour.ORANGE, Shape.CROSS),
            new ColourShape(Colour.WHITE, Shape.HEART),
            new ColourShape(Colour.BLACK, Shape.TRIANGLE));

    /** The pairs of this set, colour by colour then shape by shape (declaration order). */
    public List<ColourShape> pairs() {
        List<ColourShape> out = new ArrayList<>();
        for (Colour c : Colour.values()) {
            for (Shape s : Shape.values()) {
                ColourShape pair = new ColourShape(c, s);
                boolean held = HELD_OUT_PAIRS.contains(pair);
                if (this == ALL || (this == HELD_OUT) == held) {
                    out.add(pair);
                }
            }
        }
        return List.copyOf(out);
    }

    /** The command-line spelling: {@code seen}, {@code held-out} or {@code all}. */
    public String option() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Reads {@code seen}, {@code held-out} (or {@code held_out}, {@code heldout}) or {@code all}, any case.
     *
     * @throws ClipException for anything else, naming the accepted values
     */
    public static PairSet parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (t) {
            case "seen" -> SEEN;
            case "held-out", "heldout" -> HELD_OUT;
            case "all" -> ALL;
            default -> throw new ClipException("unknown pair set '" + text + "': use seen, held-out or all");
        };
    }
}
