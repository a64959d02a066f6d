package io.clip4j.shapes;

import org.bytedeco.opencv.opencv_core.Mat;

/** Draws one coloured shape as the demo model was trained to see it (video tests' frames). */
public final class ShapeFrames {
    private ShapeFrames() {
    }

    /** A {@code size}-pixel frame of a large {@code colour} {@code shape}, centred, on grey, outlined. */
    public static Mat draw(Colour colour, Shape shape, int size, double shiftX) {
        ShapeSpec spec = new ShapeSpec(new ColourShape(colour, shape), SizeClass.LARGE, Background.GREY,
                size / 2.0 + shiftX, size / 2.0, size * 0.34, 0, ShapeSpec.exact(colour), ShapeStyle.outlineWidth(size));
        return new ShapeRenderer(size).draw(spec);
    }
}
