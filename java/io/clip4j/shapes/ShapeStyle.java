package io.clip4j.shapes;

/**
 * How shapes are painted, beyond what the caption says: the fill's shade and an outline.
 *
 * @param shadeSpread 0 fills each shape with its colour exactly; 1 with a shade of it within about
 *                    ±20% brightness and ±15 per channel, still nearest its own named colour (so the
 *                    caption stays true); at most {@link ShapesGenerator#MAX_SHADE_SPREAD}
 * @param outlined    whether each shape gets a border in its background's
 *                    {@linkplain Background#ink(Colour) ink} (black, or white on dark grey; the
 *                    other one for black or white shapes): the outline shows the shape in pixels
 *                    that do not depend on the shape's colour
 */
public record ShapeStyle(double shadeSpread, boolean outlined) {
    /** Exact colours, no outline: the generator's default. */
    public static final ShapeStyle PLAIN = new ShapeStyle(0, false);

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
