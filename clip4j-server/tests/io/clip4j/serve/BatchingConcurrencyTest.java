package io.clip4j.serve;

import static io.clip4j.serve.ServerFixture.base64;
import static io.clip4j.serve.ServerFixture.embeddings;
import static io.clip4j.serve.ServerFixture.image;
import static io.clip4j.serve.ServerFixture.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.image.ImageDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 64 clients at once: their items are coalesced into shared batches, and every client still gets
 * exactly (1e-5) what a request of its own would have got.
 */
class BatchingConcurrencyTest {
    private static final int CLIENTS = 64;
    private static final List<String> IMAGES = List.of("astronaut.png", "chelsea.png", "chelsea_q90.jpg", "coffee.png",
            "gray_ramp.png", "rgba_noise.png", "tall_gradient.png", "tiny_random.png");

    private static ClipModel model;
    private static ServerFixture fixture;

    @BeforeAll
    static void start() {
        model = ClipModel.load(Fixtures.TINY_CLIP);
        // a generous wait so that batches surely form on a slow, busy machine
        fixture = ServerFixture.start(model, ServerFixture.settings().maxBatch(64).maxWait(Duration.ofMillis(50)));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        model.close();
    }

    @Test
    void textsFromSixtyFourClientsEqualSingleRequests() throws Exception {
        List<List<String>> requests = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i <= c % 3; i++) { // 1 to 3 texts, of different lengths
                texts.add("client " + c + " says" + " hello".repeat(1 + (c * 7 + i) % 11));
            }
            requests.add(texts);
        }
        List<float[][]> answers = inParallel(requests, texts -> embeddings(fixture.postJson("/v1/embeddings/text", Map.of("texts", texts))));
        for (int c = 0; c < CLIENTS; c++) {
            for (int i = 0; i < requests.get(c).size(); i++) {
                try (Embeddings alone = model.embedTexts(List.of(requests.get(c).get(i)))) {
                    Fixtures.assertClose(alone.row(0), answers.get(c)[i], 1e-5, "client " + c + " text " + i);
                }
            }
        }
        assertBatched("text");
    }

    @Test
    void imagesFromSixtyFourClientsEqualSingleRequests() throws Exception {
        List<String> requests = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            requests.add(IMAGES.get(c % IMAGES.size()));
        }
        List<float[][]> answers = inParallel(requests,
                name -> embeddings(fixture.postJson("/v1/embeddings/image", Map.of("images", List.of(base64(name))))));
        for (int c = 0; c < CLIENTS; c++) {
            String name = requests.get(c);
            try (PointerScope scope = new PointerScope()) {
                Mat mat = new ImageDecoder().decode(image(name), name);
                try (Embeddings alone = model.embedImages(List.of(mat))) {
                    Fixtures.assertClose(alone.row(0), answers.get(c)[0], 1e-5, "client " + c + " " + name);
                }
            }
        }
        assertBatched("image");
    }

    /** Some encoder call held more than one item (the histogram's count above the le=1 bucket). */
    private static void assertBatched(String queue) {
        String scrape = fixture.server.scrapeMetrics();
        double calls = metric(scrape, "clip4j_batch_size_count", Map.of("queue", queue));
        double single = metric(scrape, "clip4j_batch_size_bucket", Map.of("queue", queue, "le", "1.0"));
        double max = metric(scrape, "clip4j_batch_size_max", Map.of("queue", queue));
        System.out.printf("%s: %.0f encoder calls, %.0f of one item, largest %.0f%n", queue, calls, single, max);
        assertTrue(calls > single, "some " + queue + " batches held several requests' items: " + calls + " calls, " + single + " single");
        assertTrue(max > 1);
    }

    private static <T> List<float[][]> inParallel(List<T> requests, Worker<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        CyclicBarrier start = new CyclicBarrier(requests.size());
        try {
            List<Future<float[][]>> futures = new ArrayList<>();
            for (T request : requests) {
                futures.add(pool.submit((Callable<float[][]>) () -> {
                    start.await();
                    return work.run(request);
                }));
            }
            List<float[][]> out = new ArrayList<>();
            for (Future<float[][]> f : futures) {
                out.add(f.get());
            }
            assertEquals(requests.size(), out.size());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Worker<T> {
        float[][] run(T request) throws Exception;
    }
}
