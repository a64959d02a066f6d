package io.clip4j.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes image files a chunk at a time on worker threads, one chunk ahead of the caller: while
 * the caller's work runs on chunk k (say, encoding it), chunk k+1 is being decoded. Each input
 * keeps its place; a file that cannot be decoded becomes an item with an error, and the other
 * inputs still go through. A chunk's Mats are freed as soon as the work on it returns.
 */
public final class PrefetchingDecoder implements AutoCloseable {
    /** One input: its decoded 8-bit BGR image, or why there is none. */
    public record Item(Path path, Mat image, String error) {
        /** True when the image was decoded. */
        public boolean ok() {
            return image != null;
        }
    }

    /** What to do with one chunk, in input order. */
    @FunctionalInterface
    public interface ChunkWork {
        /** Called on the caller's thread; the Mats are valid until it returns. */
        void accept(List<Item> items);
    }

    private final ImageDecoder decoder;
    private final ExecutorService workers;

    /** Decodes with {@code decoder} on {@code threads} daemon threads. */
    public PrefetchingDecoder(ImageDecoder decoder, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.decoder = decoder;
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "clip4j-decode-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.workers = Executors.newFixedThreadPool(threads, factory);
    }

    /** Runs {@code work} on chunks of at most {@code chunkSize} inputs, in order; returns how many failed to decode. */
    public int forEachChunk(List<Path> inputs, int chunkSize, ChunkWork work) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, not " + chunkSize);
        }
        int failures = 0;
        List<CompletableFuture<Item>> next = submit(inputs, 0, chunkSize);
        try {
            for (int from = 0; from < inputs.size(); from += chunkSize) {
                List<CompletableFuture<Item>> current = next;
                next = submit(inputs, from + chunkSize, chunkSize); // decoded while the work below runs
                List<Item> items = current.stream().map(CompletableFuture::join).toList(); // decode() never throws
                try {
                    failures += (int) items.stream().filter(item -> !item.ok()).count();
                    work.accept(items);
                } finally {
                    items.forEach(PrefetchingDecoder::release);
                }
            }
        } finally {
            next.forEach(f -> f.thenAccept(PrefetchingDecoder::release)); // work failed: free the chunk in flight
        }
        return failures;
    }

    private List<CompletableFuture<Item>> submit(List<Path> inputs, int from, int chunkSize) {
        List<CompletableFuture<Item>> futures = new ArrayList<>();
        for (int i = from; i < Math.min(inputs.size(), from + chunkSize); i++) {
            Path path = inputs.get(i);
            futures.add(CompletableFuture.supplyAsync(() -> decode(path), workers));
        }
        return futures;
    }

    private Item decode(Path path) {
        try {
            return new Item(path, decoder.decode(path), null);
        } catch (ImageDecodeException e) {
            return new Item(path, null, e.getMessage());
        } catch (RuntimeException e) {
            return new Item(path, null, path + " could not be decoded: " + e.getClass().getSimpleName());
        }
    }

    private static void release(Item item) {
        if (item.ok() && !item.image().isNull()) {
            item.image().close();
        }
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
