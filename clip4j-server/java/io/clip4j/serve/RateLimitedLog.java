package io.clip4j.serve;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * One warning per period for a failure that repeats with every request (a store that is down): the
 * first is logged at once, later ones are counted and reported with the next line the period lets
 * through, so a burst of thousands of failures writes a few lines, not megabytes.
 */
final class RateLimitedLog {
    private final long periodNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Duration period) {
        this.periodNanos = period.toNanos();
    }

    void warn(Logger log, String message) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if ((allowed == Long.MIN_VALUE || now - allowed >= 0) && nextAllowed.compareAndSet(allowed, now + periodNanos)) {
            long skipped = suppressed.getAndSet(0);
            log.warn(skipped == 0 ? message : message + " (and " + skipped + " more like it since the last line)");
        } else {
            suppressed.incrementAndGet();
        }
    }

    /** How many calls were not logged since the last line (for tests). */
    long suppressed() {
        return suppressed.get();
    }
}
