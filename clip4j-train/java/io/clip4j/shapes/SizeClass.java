package io.clip4j.shapes;

/**
 * How big a shape is, as the radius of the circle around it over the image's side. The ranges do
 * not overlap, so "small" and "large" in a caption are always true; medium shapes get no size word.
 */
public enum SizeClass {
    SMALL("small", 0.15, 0.19),
    MEDIUM(null, 0.22, 0.28),
    LARGE("large", 0.32, 0.40);

    private final String word;
    private final double minRadius;
    private final double maxRadius;

    SizeClass(String word, double minRadius, double maxRadius) {
        this.word = word;
        this.minRadius = minRadius;
        this.maxRadius = maxRadius;
    }

    /** {@code "small"}, {@code "large"}, or {@code null} for medium (captions say nothing). */
    public String word() {
        return word;
    }

    /** The CSV's value: {@code small}, {@code medium} or {@code large}. */
    public String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Smallest radius over the image side. */
    public double minRadius() {
        return minRadius;
    }

    /** Largest radius over the image side. */
    public double maxRadius() {
        return maxRadius;
    }
}
