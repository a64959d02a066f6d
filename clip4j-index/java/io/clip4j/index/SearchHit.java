package io.clip4j.index;

/**
 * One search result.
 *
 * @param path the indexed file's path
 * @param score the cosine similarity of its embedding and the query, in [-1, 1]
 */
public record SearchHit(String path, float score) {
}
