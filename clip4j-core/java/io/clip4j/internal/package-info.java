/**
 * clip4j's plumbing, not part of its public API and free to change between versions: checkpoint
 * and safetensors I/O, the weights and the two towers, tensor helpers. Use {@link io.clip4j.ClipModel}
 * and the configuration types in {@link io.clip4j.model}.
 */
package io.clip4j.internal;
