package io.clip4j.index;

import io.clip4j.image.ImageDecodeException;
import io.clip4j.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Reads, hashes and decodes image files on a few threads, a batch at a time, so that the next
 * batch loads while the model embeds the current one. Each file is read once: its bytes are
 * hashed and, unless the hash equals the one already indexed, decoded. The decoded Mats belong
 * to the {@link Batch}, which frees them when closed.
 */
final class FileLoader implements AutoCloseable {
    /** A file to load, with what the index knows about it (null when it is new). */
    record Task(Path path, IndexedFile known) {
    }

    /**
     * One loaded file: its metadata and image, or the reason it has none.
     *
     * @param path the file
     * @param known what the index held for it, or null
     * @param file its metadata as read now (null when reading failed)
     * @param image the decoded image (null when unchanged or failed)
     * @param error why it failed, or null
     */
    record Loaded(Path path, IndexedFile known, IndexedFile file, Mat image, String error) {
        /** True when the bytes hash to what the index holds. */
        boolean unchanged() {
            return error == null && image == null;
        }
    }

    private final ImageDecoder decoder;
    private final ExecutorService pool;

    FileLoader(ImageDecoder decoder, int threads) {
        this.decoder = decoder;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "clip4j-index-load");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts loading {@code tasks}; the batch's results come in task order. */
    Batch submit(List<Task> tasks) {
        List<Future<Loaded>> futures = new ArrayList<>(tasks.size());
        for (Task task : tasks) {
            futures.add(pool.submit(() -> load(task)));
        }
        return new Batch(futures);
    }

    private Loaded load(Task task) {
        Path path = task.path();
        try {
            long modified = Files.getLastModifiedTime(path).toMillis();
            byte[] bytes = ImageDecoder.readFile(path); // a regular file only: a FIFO or /dev/zero never ends
            IndexedFile file = new IndexedFile(path.toString(), sha256(bytes), bytes.length, modified);
            if (task.known() != null && task.known().sha256().equals(file.sha256())) {
                return new Loaded(path, task.known(), file, null, null);
            }
            return new Loaded(path, task.known(), file, decoder.decode(bytes, path.toString()), null);
        } catch (NoSuchFileException e) {
            return new Loaded(path, task.known(), null, null, path + " does not exist");
        } catch (IOException | OutOfMemoryError e) {
            return new Loaded(path, task.known(), null, null, path + " cannot be read: " + e.getMessage());
        } catch (ImageDecodeException e) {
            return new Loaded(path, task.known(), null, null, e.getMessage());
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Stops the threads (after the tasks already running). */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** The results of one {@link #submit}; closing it frees every decoded image. */
    static final class Batch implements AutoCloseable {
        private final List<Future<Loaded>> futures;

        private Batch(List<Future<Loaded>> futures) {
            this.futures = futures;
        }

        /** Waits for every file of the batch. */
        List<Loaded> get() {
            List<Loaded> results = new ArrayList<>(futures.size());
            for (Future<Loaded> future : futures) {
                results.add(await(future));
            }
            return results;
        }

        private static Loaded await(Future<Loaded> future) {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading images", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
            }
        }

        /** Frees the decoded images, waiting for loads still running. */
        @Override
        public void close() {
            for (Future<Loaded> future : futures) {
                try {
                    Loaded loaded = future.get();
                    if (loaded.image() != null) {
                        loaded.image().close();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    future.cancel(false);
                } catch (ExecutionException | CancellationException e) {
                    // nothing was decoded, nothing to free
                }
            }
        }
    }
}
