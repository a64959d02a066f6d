package io.clip4j.serve;

/**
 * A cap on the decoded pixels all requests hold at once. The queue bounds how many images wait,
 * but not how large they are: without this cap, a thousand 40-megapixel images would be 120 GB of
 * native memory. Each {@link DecodedImage} takes its pixels from the budget before it is decoded and
 * gives them back when it is closed; a request that does not fit is answered 429.
 */
final class PixelBudget {
    private final long capacity;
    private long used; // guarded by this

    PixelBudget(long capacity) {
        this.capacity = capacity;
    }

    /** Takes {@code pixels} if they fit; false (nothing taken) if not. */
    synchronized boolean tryAcquire(long pixels) {
        if (pixels > capacity - used) {
            return false;
        }
        used += pixels;
        return true;
    }

    /** Gives {@code pixels} back. */
    synchronized void release(long pixels) {
        used = Math.max(0, used - pixels);
    }

    /** Pixels held now. */
    synchronized long used() {
        return used;
    }

    /** The cap. */
    long capacity() {
        return capacity;
    }
}
