package io.clip4j.batch;

import java.util.List;

/**
 * One encoder call for a whole batch: returns one result per input, in order. Called from a
 * single batcher thread at a time; the inputs belong to the caller and must not be kept.
 *
 * @param <I> an input item (a text, a decoded image)
 * @param <R> its result (an embedding)
 */
@FunctionalInterface
public interface BatchEncoder<I, R> {
    /** Encodes {@code inputs} together. */
    List<R> encode(List<I> inputs);
}
