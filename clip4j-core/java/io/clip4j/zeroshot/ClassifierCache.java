package io.clip4j.zeroshot;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Builds each zero-shot classifier once per (model, labels, prompt names, templates) and hands
 * out the same instance for an equal key. Models are compared by identity, lists and templates
 * by content. Thread-safe: callers asking for a key that is being built wait for that build
 * instead of starting another; different keys build in parallel.
 *
 * <p><b>Ownership.</b> The cache owns every classifier it returns. Callers must not use a
 * classifier after the cache is closed or its model {@linkplain #evict(ClipModel) evicted};
 * calling {@link ZeroShotClassifier#close()} on it does nothing, so try-with-resources around
 * a cached classifier is harmless. {@link #close()} frees them all. The cache cannot see a
 * model being closed: call {@link #evict(ClipModel)} (or close the cache) before closing a
 * model whose classifiers it holds. The cache never closes models.
 *
 * <pre>{@code
 * try (ClipModel clip = ClipModel.load(dir); ClassifierCache cache = new ClassifierCache()) {
 *     ZeroShotClassifier c = cache.get(clip, List.of("cat", "dog"), PromptTemplates.defaults());
 *     ... c.classifyImages(frames, 1) ...   // later calls with an equal key return c again
 * }
 * }</pre>
 */
public final class ClassifierCache implements AutoCloseable {
    private record Key(ClipModel model, List<String> labels, List<String> promptNames, PromptTemplates templates) {
        // ClipModel does not override equals: records compare it by identity, as intended.
    }

    private final Map<Key, FutureTask<ZeroShotClassifier>> entries = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** An empty cache. */
    public ClassifierCache() {
    }

    /**
     * The classifier for these labels (each label its own prompt name), built on first use.
     *
     * @see ZeroShotClassifier#create(ClipModel, List, PromptTemplates)
     * @throws ClipException for the arguments {@code create} refuses
     * @throws IllegalStateException if the cache is closed
     */
    public ZeroShotClassifier get(ClipModel model, List<String> labels, PromptTemplates templates) {
        return get(model, labels, labels, templates);
    }

    /**
     * The classifier for these labels and prompt names, built on first use; owned by this cache.
     *
     * @see ZeroShotClassifier#create(ClipModel, List, List, PromptTemplates)
     * @throws ClipException for the arguments {@code create} refuses, or what building raised
     * @throws IllegalStateException if the cache is closed
     */
    public ZeroShotClassifier get(ClipModel model, List<String> labels, List<String> promptNames,
                                  PromptTemplates templates) {
        checkOpen();
        ZeroShotClassifier.checkArguments(model, labels, promptNames, templates);
        Key key = new Key(model, List.copyOf(labels), List.copyOf(promptNames), templates);
        FutureTask<ZeroShotClassifier> task = new FutureTask<>(() ->
                ZeroShotClassifier.build(key.model(), key.labels(), key.promptNames(), key.templates(), this));
        FutureTask<ZeroShotClassifier> entry = entries.putIfAbsent(key, task);
        if (entry == null) {
            entry = task;
            task.run(); // build in this thread; others asking for the same key wait in get()
        }
        ZeroShotClassifier classifier = await(key, entry);
        if (closed) {
            // Closed while this was building: whoever removes the entry frees it.
            if (entries.remove(key, entry)) {
                classifier.release();
            }
            throw new IllegalStateException("classifier cache closed");
        }
        return classifier;
    }

    /** How many classifiers the cache holds (including any being built). */
    public int size() {
        return entries.size();
    }

    /**
     * Frees and forgets every classifier built from {@code model}; call it before closing the
     * model. A later {@code get} with that model builds anew.
     */
    public void evict(ClipModel model) {
        for (Key key : List.copyOf(entries.keySet())) {
            if (key.model() == model) {
                remove(key);
            }
        }
    }

    /** Frees every classifier this cache handed out (waiting for builds in progress). Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Key key : List.copyOf(entries.keySet())) {
            remove(key);
        }
    }

    private void remove(Key key) {
        FutureTask<ZeroShotClassifier> entry = entries.remove(key);
        if (entry != null) {
            try {
                entry.get().release();
            } catch (ExecutionException e) {
                // the build failed: nothing to free
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClipException("interrupted while waiting for a classifier build to finish", e);
            }
        }
    }

    private ZeroShotClassifier await(Key key, FutureTask<ZeroShotClassifier> entry) {
        try {
            return entry.get();
        } catch (ExecutionException e) {
            entries.remove(key, entry); // a later get tries again
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new ClipException("building the classifier failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClipException("interrupted while waiting for a classifier build", e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("classifier cache closed");
        }
    }
}
