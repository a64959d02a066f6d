package io.clip4j.serve;

import io.clip4j.image.DecodeOptions;
import io.clip4j.image.HeaderSniffer;
import io.clip4j.image.ImageDecodeException;
import io.clip4j.image.ImageDecoder;
import io.clip4j.image.ImageHeader;
import io.clip4j.pipeline.HostImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.RejectedExecutionException;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes a request's images, all or none, enforcing the limits before any pixel is allocated:
 * the format must declare its size in a header that {@link HeaderSniffer} reads, that size must be
 * within {@code maxPixels}, and the request's pixels must fit the {@link PixelBudget}. If any image
 * fails, those already decoded are freed before the error is thrown.
 *
 * <p>Admission happens before decoding: at most {@code --queue} requests may wait for it (more are
 * answered 429 at once), and a request waits at most the request timeout (then 503
 * {@code timeout}); the pool's backlog was unbounded, so under load requests waited there past
 * every limit while their bodies piled up in memory. A request whose images
 * need more pixels than the whole budget can never fit: 413, not 429.
 *
 * <p>Decoding runs on a small fixed pool of threads, not on the HTTP threads. glibc's malloc
 * gives threads that allocate their own arenas: with pixels allocated on 64 request threads and
 * freed on the batcher thread, resident memory crept up under sustained load (+80 MB in 90 s on
 * the image route, native memory tracked by JavaCPP flat), while decoding on a pool of two levelled
 * off within seconds (measured on the 2-core development machine).
 */
final class ImageDecoding implements AutoCloseable {
    private final ImageDecoder decoder;
    private final long maxPixels;
    private final PixelBudget budget;
    private final Duration timeout;
    private final ThreadPoolExecutor pool;
    private final boolean pinned;

    ImageDecoding(long maxPixels, PixelBudget budget, Duration timeout, int backlog, boolean pinned) {
        this.pinned = pinned;
        this.decoder = new ImageDecoder(DecodeOptions.defaults().withMaxPixels(maxPixels));
        this.maxPixels = maxPixels;
        this.budget = budget;
        this.timeout = timeout;
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(backlog), EmbeddingService.daemonThreads("clip4j-decode"));
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    /**
     * Decoded images owned by the caller (close each, or hand them to a {@link Batcher}).
     *
     * @throws ApiException 400 {@code invalid_image} for an unreadable or corrupt image, 413
     *                      {@code image_too_large} over the pixel limit or {@code too_many_pixels}
     *                      over the whole budget, 429 {@code overloaded} when the pixel budget is
     *                      spent or too many requests wait to be decoded, 503 {@code timeout} when
     *                      decoding did not start within the request timeout
     */
    List<DecodedImage> decodeAll(List<EncodedImage> images) {
        CompletableFuture<List<DecodedImage>> decoded;
        try {
            decoded = CompletableFuture.supplyAsync(() -> decodeHere(images), pool);
        } catch (RejectedExecutionException e) {
            throw pool.isShutdown() ? ApiException.unavailable("shutting_down", "the server is shutting down", 1)
                    : ApiException.overloaded(pool.getQueue().size() + " requests are waiting for their images to be decoded;"
                            + " retry shortly", 1);
        }
        try {
            return decoded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            // whatever it decodes later is freed, not handed to anyone
            decoded.thenAccept(late -> late.forEach(DecodedImage::close));
            throw ApiException.unavailable("timeout", "the images were not decoded within " + timeout.toMillis()
                    + " ms (--timeout-ms); retry shortly", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            decoded.thenAccept(late -> late.forEach(DecodedImage::close));
            throw ApiException.unavailable("shutting_down", "interrupted while decoding", 1);
        }
    }

    private List<DecodedImage> decodeHere(List<EncodedImage> images) {
        List<ImageHeader> headers = new ArrayList<>(images.size());
        long total = 0;
        for (EncodedImage image : images) {
            ImageHeader header = header(image);
            headers.add(header);
            total += header.pixels();
        }
        if (total > budget.capacity()) {
            throw ApiException.tooLarge("too_many_pixels", "the request's images hold " + total + " pixels, more than the "
                    + "server's whole budget of " + budget.capacity() + " (--pixel-budget): it can never fit; send fewer or "
                    + "smaller images per request");
        }
        if (!budget.tryAcquire(total)) {
            throw ApiException.overloaded("the server holds too many decoded pixels right now (this request needs " + total
                    + " of a budget of " + budget.capacity() + "); retry shortly", 1);
        }
        List<DecodedImage> decoded = new ArrayList<>(images.size());
        long handedOver = 0;
        try {
            for (int i = 0; i < images.size(); i++) {
                EncodedImage image = images.get(i);
                long pixels = headers.get(i).pixels();
                decoded.add(new DecodedImage(image.name(), decode(image, headers.get(i)), pixels, budget));
                handedOver += pixels;
            }
            return decoded;
        } catch (RuntimeException e) {
            decoded.forEach(DecodedImage::close); // gives their pixels back
            budget.release(total - handedOver);
            throw e;
        }
    }

    private ImageHeader header(EncodedImage image) {
        if (image.bytes().length == 0) {
            throw ApiException.badRequest("invalid_image", image.name() + " is empty (0 bytes)");
        }
        Optional<ImageHeader> header = HeaderSniffer.sniff(image.bytes());
        if (header.isEmpty()) {
            throw ApiException.badRequest("invalid_image", image.name() + " is not an image the server reads (JPEG, PNG, WebP, "
                    + "BMP, TIFF, GIF, PNM), or its header is damaged");
        }
        ImageHeader h = header.get();
        if (h.pixels() > maxPixels) {
            throw ApiException.tooLarge("image_too_large", image.name() + " is a " + h.format() + " of " + h.width() + "×"
                    + h.height() + " pixels; the server accepts at most " + maxPixels + " pixels per image (--max-pixels)");
        }
        return h;
    }

    /** Decodes into host memory the batch step uploads from; the decoder's Mat is freed here. */
    private HostImage decode(EncodedImage image, ImageHeader header) {
        try (Mat mat = decoder.decode(image.bytes(), image.name(), header)) { // header read once, in header()
            return HostImage.copyOf(mat, pinned);
        } catch (ImageDecodeException e) {
            throw ApiException.badRequest("invalid_image", withoutPaths(e.getMessage()));
        }
    }

    /** Replaces anything that looks like an absolute file path (from a native library's message). */
    static String withoutPaths(String message) {
        return message == null ? "" : message.replaceAll("(?<![\\w.])(?:[A-Za-z]:)?(?:[/\\\\][\\w.+-]+){2,}", "(path)");
    }
}
