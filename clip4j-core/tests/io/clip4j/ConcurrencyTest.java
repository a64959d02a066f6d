package io.clip4j;

import static io.clip4j.Fixtures.assertClose;
import static io.clip4j.Fixtures.flatten;
import static io.clip4j.Fixtures.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;

/** One loaded model used from several threads at once gives the same results as from one. */
class ConcurrencyTest {
    @Test
    void eightThreadsShareOneModel() throws Exception {
        List<String> texts = new ArrayList<>();
        Fixtures.referenceJson().get("texts").forEach(t -> texts.add(t.asText()));
        float[] expectedTexts = reference().floats("text_embeds");
        float[] expectedImages = reference().floats("image_embeds");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP)) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                jobs.add(pool.submit(() -> {
                    for (int k = 0; k < 25; k++) {
                        try (PointerScope scope = new PointerScope();
                             Embeddings t = clip.embedTexts(texts);
                             Embeddings i = clip.embedPixels(reference().tensor("pixel_values"))) {
                            assertClose(expectedTexts, flatten(t.toArray()), 1e-4, "texts on " + Thread.currentThread());
                            assertClose(expectedImages, flatten(i.toArray()), 1e-4, "images on " + Thread.currentThread());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get(); // rethrows the first failure
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
