/**
 * The embedding server: CLIP over HTTP with dynamic batching.
 *
 * <p>{@link io.clip4j.serve.EmbeddingServer} starts a Javalin (Jetty 12) server whose routes put
 * every text or image of a request as one item on a bounded {@link io.clip4j.batch.WorkQueue};
 * one {@link io.clip4j.batch.Batcher} per modality takes up to {@code maxBatch} items, or what
 * arrived within {@code maxWait}, runs one encoder call and completes each request's
 * {@link io.clip4j.batch.Job}. A full queue answers 429 at once; a request that times out or
 * whose client disconnected is taken off the queue. Limits are checked before anything is
 * queued, errors are JSON {@code {"error": ..., "detail": ...}}, and decoded images are native
 * memory owned by exactly one party at a time (see {@link io.clip4j.serve.DecodedImage}).
 */
package io.clip4j.serve;
