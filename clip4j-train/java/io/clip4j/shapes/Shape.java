package io.clip4j.shapes;

import java.util.Locale;

/**
 * The six shapes, chosen to stay distinct at 64×64 even when small (no hexagon: at a 10-pixel
 * radius it differs from a circle by one pixel). Each is an outline inside the unit circle, with at
 * least one vertex on it, so that a shape of radius r centred at least r from every edge is fully
 * inside the image.
 */
public enum Shape {
    CIRCLE(0),
    SQUARE(90),
    TRIANGLE(120),
    STAR(72),
    CROSS(90),
    /** Tilted at most ±25° so that it stays a heart, not an upside-down one. */
    HEART(50);

    private final double rotationRange;

    Shape(double rotationRange) {
        this.rotationRange = rotationRange;
    }

    /** The word used in captions and the CSV, e.g. {@code "triangle"}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The range of rotations that give different pictures, in degrees: rotations are drawn from
     * [-range/2, range/2) (0 for the circle; the symmetry of the others makes more pointless).
     */
    public double rotationRange() {
        return rotationRange;
    }

    /**
     * The outline as (x, y) vertices in the unit circle, y pointing down as in images, or
     * {@code null} for the circle, which is drawn as a circle.
     */
    double[][] outline() {
        return switch (this) {
            case CIRCLE -> null;
            case SQUARE -> regular(4, 45);
            case TRIANGLE -> regular(3, -90);
            case STAR -> star(5, 0.45);
            case CROSS -> normalise(new double[][] {
                {-0.3, -1}, {0.3, -1}, {0.3, -0.3}, {1, -0.3}, {1, 0.3}, {0.3, 0.3},
                {0.3, 1}, {-0.3, 1}, {-0.3, 0.3}, {-1, 0.3}, {-1, -0.3}, {-0.3, -0.3}});
            case HEART -> heart(48);
        };
    }

    private static double[][] regular(int n, double startDegrees) {
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double a = Math.toRadians(startDegrees + 360.0 * i / n);
            p[i] = new double[] {Math.cos(a), Math.sin(a)};
        }
        return p;
    }

    private static double[][] star(int points, double inner) {
        double[][] p = new double[2 * points][];
        for (int i = 0; i < 2 * points; i++) {
            double a = Math.toRadians(-90 + 180.0 * i / points);
            double r = i % 2 == 0 ? 1 : inner;
            p[i] = new double[] {r * Math.cos(a), r * Math.sin(a)};
        }
        return p;
    }

    /** The classic parametric heart, point down. */
    private static double[][] heart(int n) {
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / n;
            double x = 16 * Math.pow(Math.sin(t), 3);
            double y = -(13 * Math.cos(t) - 5 * Math.cos(2 * t) - 2 * Math.cos(3 * t) - Math.cos(4 * t));
            p[i] = new double[] {x, y};
        }
        return normalise(p);
    }

    /** Centres the outline's bounding box on the origin and scales its farthest vertex to 1. */
    private static double[][] normalise(double[][] p) {
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double[] v : p) {
            minX = Math.min(minX, v[0]);
            maxX = Math.max(maxX, v[0]);
            minY = Math.min(minY, v[1]);
            maxY = Math.max(maxY, v[1]);
        }
        double cx = (minX + maxX) / 2, cy = (minY + maxY) / 2, far = 0;
        for (double[] v : p) {
            far = Math.max(far, Math.hypot(v[0] - cx, v[1] - cy));
        }
        double[][] out = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            out[i] = new double[] {(p[i][0] - cx) / far, (p[i][1] - cy) / far};
        }
        return out;
    }
}
