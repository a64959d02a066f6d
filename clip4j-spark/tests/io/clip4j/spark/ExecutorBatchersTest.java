package io.clip4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.batch.Batcher;
import io.clip4j.image.ImageDecoder;
import io.clip4j.pipeline.HostImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;

/**
 * The executor's shared image batcher: images that several tasks submit at once are encoded in
 * one call, and each task gets exactly its own rows back.
 */
class ExecutorBatchersTest {
    @Test
    void fourTasksSubmittingAtOnceShareOneEncoderCall() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Fixtures.TINY_CLIP.resolve("images"))) {
            files = s.sorted().toList();
        }
        assertEquals(8, files.size());
        ExecutorService tasks = Executors.newFixedThreadPool(4);
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP);
             Batcher<HostImage, float[]> batcher = ExecutorBatchers.batcher(clip, 8, Duration.ofMillis(500))) {
            float[][] alone = new float[8][];
            for (int i = 0; i < 8; i++) {
                try (Embeddings e = clip.embedImageFiles(List.of(files.get(i)))) {
                    alone[i] = e.row(0);
                }
            }
            long callsBefore = ExecutorBatchers.encoderCalls();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<float[][]>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<Path> mine = files.subList(2 * t, 2 * t + 2); // each "task" submits two images
                results.add(tasks.submit(() -> {
                    List<HostImage> images = new ArrayList<>();
                    try (PointerScope scope = new PointerScope()) {
                        for (Path f : mine) {
                            images.add(HostImage.copyOf(new ImageDecoder().decode(f), false));
                        }
                    }
                    go.await();
                    try (Embeddings e = ExecutorBatchers.embed(batcher, images)) {
                        return e.toArray();
                    } finally {
                        images.forEach(HostImage::close);
                    }
                }));
            }
            go.countDown();
            for (int t = 0; t < 4; t++) {
                float[][] rows = results.get(t).get();
                assertEquals(2, rows.length);
                for (int j = 0; j < 2; j++) {
                    for (int d = 0; d < rows[j].length; d++) {
                        assertEquals(alone[2 * t + j][d], rows[j][d], 1e-5, "task " + t + " image " + j);
                    }
                }
            }
            long calls = ExecutorBatchers.encoderCalls() - callsBefore;
            assertTrue(calls >= 1 && calls <= 2, "eight images from four tasks in " + calls + " encoder calls");
        } finally {
            tasks.shutdownNow();
        }
    }
}
