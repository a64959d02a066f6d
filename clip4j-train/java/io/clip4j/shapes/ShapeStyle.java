package io.clip4j.shapes;

/**
 * How shapes are painted, beyond what the caption says: the fill's shade and an outline.
 *
 * @param shadeSpread 0 fills each shape with its colour exactly; 1 with a shade of it within about
 *                    ±20% brightness and ±15 per channel, still nearest its own named colour (so the
 *                    caption stays true); at most {@link ShapesGenerator#MAX_SHADE_SPREAD}
 * @param outlined    whether each shape gets a border in {@link #INK}, the same for every shape
 *                    and background: the outline shows the shape in pixels that do not depend on
 *                    the shape's colour
 */
public record ShapeStyle(double shadeSpread, boolean outlined) {
    /**
     * The outline's colour, cyan: no shape has it, and it is at least 145 apart (RGB distance)
     * from every shape colour and every background. An ink that was black or white (a shape
     * colour) had to change for black or white shapes, and those were then the held-out pairs
     * the demo model missed: their outlines were a pattern only their own colour had.
     */
    public static final ShapeSpec.Rgb INK = new ShapeSpec.Rgb(0, 200, 200);

    /** Exact colours, no outline: the Java overloads' default ({@code shapes generate --plain}). */
    public static final ShapeStyle PLAIN = new ShapeStyle(0, false);

    /**
     * Shades within spread 1 and outlines: what the demo model was trained on, and so the
     * default of {@code shapes generate} (images drawn in another style are another world to the
     * demo: 12% top-1 on plain held-out images against 84% in this style).
     */
    public static final ShapeStyle DEMO = new ShapeStyle(1.0, true);

    /** The outline's width in pixels for an image side: 3 at 64 pixels, in proportion above. */
    public static int outlineWidth(int imageSide) {
        return Math.max(1, (int) Math.round(imageSide * 3.0 / 64));
    }

    /** This style with another shade spread. */
    public ShapeStyle withShades(double spread) {
        return new ShapeStyle(spread, outlined);
    }

    /** This style with or without outlines. */
    public ShapeStyle withOutline(boolean outline) {
        return new ShapeStyle(shadeSpread, outline);
    }
}
