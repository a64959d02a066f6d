package io.clip4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.clip4j.ClipModel;
import io.clip4j.shapes.Colour;
import io.clip4j.shapes.Shape;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A video read over HTTP from a server on this machine (an MPEG-TS stream, as live sources send
 * it) gives the shots the file gives; a stream that cannot be reached is refused by its URL.
 */
class NetworkStreamTest {
    @TempDir
    Path tmp;

    @Test
    void anHttpStreamGivesTheShotsOfTheFile() throws Exception {
        Path video = TestVideos.write(tmp.resolve("live.ts"), "mpegts", 25, 0, List.of(
                new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 2), new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 2)));
        byte[] bytes = Files.readAllBytes(video);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/live.ts", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "video/mp2t");
            exchange.sendResponseHeaders(200, 0); // chunked, no length: a stream
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < bytes.length; i += 4096) {
                    out.write(bytes, i, Math.min(4096, bytes.length - i));
                }
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/live.ts";
        try (ClipModel clip = ClipModel.load(Path.of("models/shapes-demo"));
             ZeroShotClassifier labels = clip.classifier(List.of("red circle", "blue square", "yellow triangle"))) {
            VideoClassifier classifier = new VideoClassifier(clip, labels, new VideoClassifier.Options(Sampling.every(0.25), 0.1, 1, 8));
            VideoClassifier.Result fromFile = classifier.classify(video);
            VideoClassifier.Result fromStream = classifier.classify(VideoSource.of(url));
            assertEquals(url, fromStream.video());
            assertEquals(2, fromStream.segments().size(), fromStream.segments().toString());
            assertEquals(null, fromStream.stoppedEarly());
            for (int i = 0; i < 2; i++) {
                VideoSegment s = fromStream.segments().get(i);
                VideoSegment f = fromFile.segments().get(i);
                assertEquals(f.start(), s.start(), 1e-3);
                assertEquals(f.frames(), s.frames());
                assertEquals(f.labels().best().label(), s.labels().best().label());
            }
            assertEquals("blue square", fromStream.segments().get(1).labels().best().label());
        } finally {
            server.stop(0);
        }
    }

    /**
     * A server that accepts and then stalls: before its headers, or after a third of the stream. Each read
     * is bounded by the stream timeout (15 s), so both end within it plus decoding, not never.
     */
    @Test
    void aStallingServerIsGivenUp() throws Exception {
        Path video = TestVideos.write(tmp.resolve("stall.ts"), "mpegts", 25, 0, List.of(
                new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 3), new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 3)));
        byte[] bytes = Files.readAllBytes(video);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/before-headers.ts", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.createContext("/a-third.ts", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "video/mp2t");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(bytes, 0, bytes.length / 3);
            out.flush();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            long start = System.nanoTime();
            String headers = base + "/before-headers.ts";
            VideoException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(45),
                    () -> assertThrows(VideoException.class,
                            () -> VideoFrames.read(VideoSource.of(headers), Sampling.every(1), false, frame -> frame.close())));
            assertTrue(e.getMessage().startsWith(headers + ": cannot be opened"), e.getMessage());
            System.out.printf("stalled before headers: given up after %.1f s%n", (System.nanoTime() - start) / 1e9);

            start = System.nanoTime();
            String third = base + "/a-third.ts";
            VideoFrames.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(45),
                    () -> VideoFrames.read(VideoSource.of(third), Sampling.every(0.5), false, frame -> frame.close()));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("stalled a third in: %d frames, then given up after %.1f s (%s)%n", r.sampled(), seconds, r.stoppedEarly());
            assertTrue(r.sampled() > 0 && r.sampled() < 12, "some of the 12 samples came before the stall: " + r.sampled());
            assertTrue(seconds >= VideoFrames.STREAM_TIMEOUT_MILLIS / 1000.0 - 1, "waited for the timeout: " + seconds);
            assertTrue(r.stoppedEarly() != null && r.stoppedEarly().contains("stalled"), "a stall is not an end: " + r.stoppedEarly());
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    @Test
    void anUnreachableStreamIsRefusedByItsUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "http://127.0.0.1:" + port + "/nothing.ts";
        VideoException e = assertThrows(VideoException.class,
                () -> VideoFrames.read(VideoSource.of(url), Sampling.every(1), false, frame -> frame.close()));
        assertTrue(e.getMessage().startsWith(url + ": cannot be opened as a video stream"), e.getMessage());
        assertEquals(url, e.video());
    }
}
