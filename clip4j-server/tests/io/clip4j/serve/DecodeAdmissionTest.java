package io.clip4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * Requests wait for image decoding in a backlog bounded like the queue (--queue): beyond it they are answered 429 at once
 * (the backlog was unbounded, so under load requests waited there past every limit).
 */
class DecodeAdmissionTest {
    /** A 3000×3000 PNG of noise: slow enough to decode that a burst of requests finds the pool busy. */
    private static byte[] largeNoisyPng() {
        try (PointerScope scope = new PointerScope()) {
            Mat noise = new Mat(3000, 3000, opencv_core.CV_8UC3);
            byte[] pixels = new byte[3000 * 3000 * 3];
            new java.util.Random(7).nextBytes(pixels);
            noise.data().put(pixels);
            BytePointer png = new BytePointer();
            assertTrue(opencv_imgcodecs.imencode(".png", noise, png));
            byte[] bytes = new byte[(int) png.limit()];
            png.get(bytes);
            return bytes;
        }
    }

    @Test
    void aBurstBeyondTheBacklogIsRefusedAtOnce() throws Exception {
        byte[] png = largeNoisyPng();
        int requests = 60;
        AtomicInteger decoded = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        try (ImageDecoding decoding = new ImageDecoding(10_000_000, new PixelBudget(1_000_000_000L), Duration.ofSeconds(120), 8, false)) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                all.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                        decoding.decodeAll(List.of(new EncodedImage("noise.png", png))).forEach(DecodedImage::close);
                        decoded.incrementAndGet();
                    } catch (ApiException e) {
                        assertEquals(429, e.status(), e.getMessage());
                        refused.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, clients));
            }
            start.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
        } finally {
            clients.shutdownNow();
        }
        assertEquals(requests, decoded.get() + refused.get());
        assertTrue(refused.get() > 0, "none refused: all " + decoded.get() + " waited for the decoder");
        assertTrue(decoded.get() > 0);
    }
}
