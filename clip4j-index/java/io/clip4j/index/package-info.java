/**
 * Semantic image retrieval on a persistent Lucene vector index.
 * {@link io.clip4j.index.IndexBuilder} embeds image files into an index incrementally and
 * resumably (through {@link io.clip4j.index.VectorIndexWriter}: HNSW vectors plus path, content
 * hash, size and time, atomic commits that record the model);
 * {@link io.clip4j.index.VectorIndex} searches it approximately (HNSW) or exactly (a matrix
 * product on a libtorch device); {@link io.clip4j.index.ImageSearch} adds a model for text→image
 * and image→image queries; {@link io.clip4j.index.IndexBenchmark} measures build time, size,
 * latency and recall on random vectors.
 */
package io.clip4j.index;
