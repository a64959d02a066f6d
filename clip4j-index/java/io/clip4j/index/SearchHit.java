package io.clip4j.index;

/**
 * One search result.
 *
 * @param path the indexed key: an image's path, or a video's path with the shot's time range
 *     ({@link MediaFragment})
 * @param score the cosine similarity of its embedding and the query, in [-1, 1]
 */
public record SearchHit(String path, float score) {
    /** The shot this hit is, with its video and time range, or null when it is a whole image. */
    public MediaFragment fragment() {
        return MediaFragment.parse(path);
    }
}
