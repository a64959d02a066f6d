package io.clip4j.zeroshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One classifier per equal key, owned and freed by the cache. */
class ClassifierCacheTest {
    @Test
    void equalKeysShareOneClassifierAndOthersDoNot() {
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP); ClipModel other = ClipModel.load(Fixtures.TINY_CLIP);
             ClassifierCache cache = new ClassifierCache()) {
            ZeroShotClassifier a = cache.get(clip, List.of("cat", "dog"), PromptTemplates.none());
            // Equal content, different objects: the same classifier.
            assertSame(a, cache.get(clip, new ArrayList<>(List.of("cat", "dog")), PromptTemplates.single("{}")));
            assertSame(a, cache.get(clip, List.of("cat", "dog"), List.of("cat", "dog"), PromptTemplates.of(List.of("{}"))));
            assertEquals(1, cache.size());

            assertNotSame(a, cache.get(clip, List.of("dog", "cat"), PromptTemplates.none()), "label order matters");
            assertNotSame(a, cache.get(clip, List.of("cat", "dog"), PromptTemplates.defaults()), "templates");
            assertNotSame(a, cache.get(clip, List.of("cat", "dog"), List.of("kitten", "puppy"), PromptTemplates.none()),
                    "prompt names");
            ZeroShotClassifier onOther = cache.get(other, List.of("cat", "dog"), PromptTemplates.none());
            assertNotSame(a, onOther, "another model, even one loaded from the same directory");
            assertSame(other, onOther.model());
            assertEquals(5, cache.size());
        }
    }

    @Test
    void theCacheOwnsWhatItHandsOut() {
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP); ClipModel other = ClipModel.load(Fixtures.TINY_CLIP)) {
            ClassifierCache cache = new ClassifierCache();
            ZeroShotClassifier a = cache.get(clip, List.of("cat", "dog"), PromptTemplates.none());
            ZeroShotClassifier b = cache.get(other, List.of("cat", "dog"), PromptTemplates.none());
            try (ZeroShotClassifier borrowed = a) {
                assertEquals(2, borrowed.classVectors().length);
            }
            assertFalse(a.isClosed(), "a caller's close() leaves a cached classifier alone");
            assertSame(a, cache.get(clip, List.of("cat", "dog"), PromptTemplates.none()));

            cache.evict(clip);
            assertTrue(a.isClosed(), "evicting a model frees its classifiers");
            assertFalse(b.isClosed(), "…and only its");
            assertEquals(1, cache.size());
            ZeroShotClassifier rebuilt = cache.get(clip, List.of("cat", "dog"), PromptTemplates.none());
            assertNotSame(a, rebuilt);

            cache.close();
            cache.close(); // idempotent
            assertTrue(rebuilt.isClosed());
            assertTrue(b.isClosed());
            assertEquals(0, cache.size());
            assertThrows(IllegalStateException.class, () -> b.classVectors());
            assertThrows(IllegalStateException.class, () -> cache.get(clip, List.of("cat"), PromptTemplates.none()));
        }
    }

    @Test
    void badArgumentsAreRefusedAndNotCached() {
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP); ClassifierCache cache = new ClassifierCache()) {
            assertThrows(ClipException.class, () -> cache.get(clip, List.of("cat", "cat"), PromptTemplates.none()));
            assertThrows(ClipException.class, () -> cache.get(clip, List.of(), PromptTemplates.none()));
            assertThrows(ClipException.class, () -> cache.get(null, List.of("cat"), PromptTemplates.none()));
            assertEquals(0, cache.size());
        }
    }

    @Test
    void concurrentCallersGetOneBuild() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP); ClassifierCache cache = new ClassifierCache()) {
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                labels.add("class " + i);
            }
            List<Future<ZeroShotClassifier>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> cache.get(clip, List.copyOf(labels), PromptTemplates.defaults())));
            }
            ZeroShotClassifier first = futures.get(0).get();
            for (Future<ZeroShotClassifier> f : futures) {
                assertSame(first, f.get());
            }
            assertEquals(1, cache.size());
        } finally {
            pool.shutdown();
        }
    }
}
