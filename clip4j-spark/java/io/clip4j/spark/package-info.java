/**
 * CLIP on Apache Spark: {@link io.clip4j.spark.ClipSpark} embeds images and texts of
 * {@code Dataset<Row>}s (with zero-shot labels), each executor loading the model once;
 * {@link io.clip4j.spark.SparkEmbedJob} is the job to {@code spark-submit}, writing Parquet or
 * JSON lines that {@code index build --embeddings} turns into a searchable index.
 */
package io.clip4j.spark;
