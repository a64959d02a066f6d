package io.clip4j.shapes;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.fillPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.polylines;

import io.clip4j.ClipException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Draws a {@link ShapeSpec} with OpenCV and encodes it as PNG. Coordinates are passed with 4
 * fractional bits and edges anti-aliased, so small shapes keep their form; OpenCV's drawing is
 * integer arithmetic and PNG encoding is lossless, so the bytes depend only on the spec.
 */
final class ShapeRenderer {
    /** Fractional bits of the coordinates given to OpenCV. */
    private static final int SHIFT = 4;
    private static final double ONE = 1 << SHIFT;

    private final int size;

    ShapeRenderer(int size) {
        this.size = size;
    }

    /** The picture as PNG bytes. */
    byte[] png(ShapeSpec spec) {
        try (PointerScope scope = new PointerScope()) {
            Mat image = draw(spec);
            BytePointer buffer = new BytePointer();
            if (!imencode(".png", image, buffer)) {
                throw new ClipException("OpenCV could not encode a " + size + "×" + size + " PNG");
            }
            byte[] bytes = new byte[(int) buffer.limit()];
            buffer.get(bytes);
            return bytes;
        }
    }

    /** The picture as a new {@code CV_8UC3} BGR Mat, attached to the caller's PointerScope if any. */
    Mat draw(ShapeSpec spec) {
        Mat image = new Mat(size, size, CV_8UC3, bgr(spec.background().rgb()));
        Scalar colour = bgr(spec.fill().array());
        Scalar ink = bgr(ShapeStyle.INK.array());
        double[][] outline = spec.pair().shape().outline();
        if (outline == null) {
            Point centre = point(spec.centreX(), spec.centreY());
            int radius = (int) Math.round(spec.radius() * ONE);
            circle(image, centre, radius, colour, FILLED, LINE_AA, SHIFT);
            if (spec.outlineWidth() > 0) {
                circle(image, centre, radius, ink, spec.outlineWidth(), LINE_AA, SHIFT);
            }
            return image;
        }
        double a = Math.toRadians(spec.rotation());
        double cos = Math.cos(a);
        double sin = Math.sin(a);
        Point points = new Point(outline.length);
        for (int i = 0; i < outline.length; i++) {
            double x = outline[i][0] * cos - outline[i][1] * sin;
            double y = outline[i][0] * sin + outline[i][1] * cos;
            points.position(i).x(fixed(spec.centreX() + spec.radius() * x)).y(fixed(spec.centreY() + spec.radius() * y));
        }
        points.position(0);
        fillPoly(image, points, new int[] {outline.length}, 1, colour, LINE_AA, SHIFT, new Point(0, 0));
        if (spec.outlineWidth() > 0) {
            polylines(image, points, new int[] {outline.length}, 1, true, ink, spec.outlineWidth(), LINE_AA, SHIFT);
        }
        return image;
    }

    private static Point point(double x, double y) {
        return new Point(fixed(x), fixed(y));
    }

    private static int fixed(double v) {
        return (int) Math.round(v * ONE);
    }

    private static Scalar bgr(int[] rgb) {
        return new Scalar(rgb[2], rgb[1], rgb[0], 0);
    }
}
