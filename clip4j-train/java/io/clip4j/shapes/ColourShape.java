package io.clip4j.shapes;

import java.util.Objects;

/**
 * A colour–shape pair, the unit that {@link PairSet} holds out.
 *
 * @param colour the shape's colour
 * @param shape  the shape
 */
public record ColourShape(Colour colour, Shape shape) {
    /** Checks the fields. */
    public ColourShape {
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(shape, "shape");
    }

    /** {@code "red triangle"}: the CSV's {@code label} column. */
    public String label() {
        return colour.word() + " " + shape.word();
    }

    @Override
    public String toString() {
        return label();
    }
}
