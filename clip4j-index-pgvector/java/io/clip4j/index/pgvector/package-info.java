/**
 * PostgreSQL with pgvector as a store for clip4j's image indexes: open one with
 * {@link io.clip4j.index.VectorStores} and a {@code jdbc:postgresql:} URL; the provider,
 * {@link io.clip4j.index.pgvector.PgVectorStoreProvider}, is found on the class path.
 */
package io.clip4j.index.pgvector;
