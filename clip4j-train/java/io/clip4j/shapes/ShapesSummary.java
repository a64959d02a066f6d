package io.clip4j.shapes;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ShapesGenerator#generate} wrote.
 *
 * @param dir    the output folder
 * @param csv    {@code dir/data.csv}
 * @param images how many images were written
 * @param seed   the seed
 * @param pairs  which pair set was drawn
 * @param size   image side in pixels
 * @param drawn  the distinct colour–shape pairs that appear, in {@link PairSet#pairs()} order
 */
public record ShapesSummary(Path dir, Path csv, int images, long seed, PairSet pairs, int size, List<ColourShape> drawn) {
    /** Copies the list. */
    public ShapesSummary {
        drawn = List.copyOf(drawn);
    }
}
