package io.clip4j.serve;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.zeroshot.ClassifierCache;
import io.clip4j.zeroshot.LabelVectors;
import io.clip4j.zeroshot.PromptTemplates;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Class vectors for {@code /v1/classify}, built once per (labels, templates) with a
 * {@link ClassifierCache} (which also makes concurrent requests for the same label set wait for one
 * build) and kept as heap copies for scoring.
 *
 * <p>Bounded two ways: at most {@code maxEntries} label sets are kept — when a new one would pass
 * that, the whole generation is retired and its native class vectors freed once the last request
 * using it is done — and at most {@value #CONCURRENT_BUILDS} builds run at once, since a build
 * runs the text encoder on labels × templates prompts outside the batching queue, with at most
 * {@value #WAITING_BUILDS} requests waiting for a slot (the rest answered 429 at once: thousands of
 * new label sets each waited up to the request timeout, holding their threads).
 */
final class ClassifierPool implements AutoCloseable {
    static final int CONCURRENT_BUILDS = 2;
    /** Requests that may wait for a build slot; more are answered 429 at once instead of holding a thread. */
    static final int WAITING_BUILDS = 16;

    private record Key(List<String> labels, PromptTemplates templates) {
    }

    /** One cache and the heap copies made from it; freed when retired and unused. */
    private static final class Generation {
        final ClassifierCache cache = new ClassifierCache();
        final Map<Key, LabelVectors> vectors = new ConcurrentHashMap<>();
        int users; // guarded by the pool
        boolean retired; // guarded by the pool
    }

    private final ClipModel model;
    private final int maxEntries;
    private final Semaphore builds = new Semaphore(CONCURRENT_BUILDS, true);
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    private Generation current = new Generation(); // guarded by this
    private boolean closed; // guarded by this

    ClassifierPool(ClipModel model, int maxEntries) {
        this.model = model;
        this.maxEntries = maxEntries;
    }

    /**
     * The class vectors for these labels and templates, built on first use.
     *
     * @param wait how long to wait for a build slot
     * @throws ApiException 400 for labels or templates the classifier refuses, 503 {@code timeout}
     *                      when no build slot frees up in time
     */
    LabelVectors get(List<String> labels, PromptTemplates templates, Duration wait) {
        Key key = new Key(List.copyOf(labels), templates);
        Generation generation = acquire();
        try {
            LabelVectors known = generation.vectors.get(key);
            if (known != null) {
                return known;
            }
            if (!buildSlot(wait)) {
                throw ApiException.unavailable("timeout", "no classifier build slot became free within " + wait.toMillis()
                        + " ms (" + CONCURRENT_BUILDS + " label sets are being built); retry shortly", 1);
            }
            try {
                ZeroShotClassifier classifier = generation.cache.get(model, key.labels(), templates);
                LabelVectors vectors = classifier.onHeap();
                generation.vectors.put(key, vectors);
                return vectors;
            } catch (ClipException e) {
                throw ApiException.invalid(e.getMessage());
            } finally {
                builds.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("shutting_down", "interrupted while waiting for a classifier build", 1);
        } finally {
            release(generation);
        }
    }

    /** Waits for a build slot, unless too many requests wait already (429). */
    private boolean buildSlot(Duration wait) throws InterruptedException {
        if (waiting.incrementAndGet() > WAITING_BUILDS) {
            waiting.decrementAndGet();
            throw ApiException.overloaded(WAITING_BUILDS + " requests are already waiting for a new label set's class vectors; "
                    + "retry shortly (label sets seen before are answered at once)", 1);
        }
        try {
            return builds.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Label sets kept now. */
    synchronized int size() {
        return current.vectors.size();
    }

    private synchronized Generation acquire() {
        if (closed) {
            throw ApiException.unavailable("shutting_down", "the server is shutting down", 1);
        }
        if (current.vectors.size() >= maxEntries) {
            Generation old = current;
            old.retired = true;
            current = new Generation();
            if (old.users == 0) {
                old.cache.close();
            }
        }
        current.users++;
        return current;
    }

    private synchronized void release(Generation generation) {
        generation.users--;
        if (generation.retired && generation.users == 0) {
            generation.cache.close();
        }
    }

    /** Frees the class vectors once no request uses them. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            current.retired = true;
            if (current.users == 0) {
                current.cache.close();
            }
        }
    }
}
