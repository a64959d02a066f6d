/**
 * Model repositories from the Hugging Face hub, downloaded the way its own client
 * ({@code huggingface_hub}) does and into the same cache, so that a checkpoint fetched from Python
 * is reused from Java and the other way round. {@link io.clip4j.hub.ModelHub} is the entry point.
 */
package io.clip4j.hub;
