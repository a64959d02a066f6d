package io.clip4j.serve;

import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.Semaphore;

/**
 * Admits request bodies before reading them: every body reserves its declared length (or the
 * largest body when it is chunked) from one budget for the time it is being received, so that
 * slow or huge uploads from many clients cannot hold unbounded memory. A body that does not fit
 * the budget now is answered 503 {@code busy} at once, without reading it; one larger than the
 * limit itself is 413 (it would never fit).
 */
final class BodyReader {
    private static final long KIB = 1024;

    private final long maxBodyBytes;
    private final long budgetBytes;
    private final Semaphore budgetKib;

    BodyReader(ServerSettings settings) {
        this.maxBodyBytes = settings.maxBodyBytes();
        this.budgetBytes = settings.bodyBudgetBytes();
        this.budgetKib = new Semaphore((int) Math.min(Integer.MAX_VALUE, kib(budgetBytes)));
    }

    /**
     * Reads the body under the size limit and the budget.
     *
     * @throws ApiException 413 {@code body_too_large}, 503 {@code busy}, or 400 {@code unreadable_body}
     */
    RequestBody read(HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            return RequestBody.read(request, maxBodyBytes); // refuses it (413) before reading
        }
        int reserved = (int) Math.min(Integer.MAX_VALUE, kib(declared >= 0 ? declared : maxBodyBytes));
        if (!budgetKib.tryAcquire(reserved)) {
            throw ApiException.unavailable("busy", "the server is receiving " + budgetBytes / (KIB * KIB)
                    + " MiB of request bodies already (--body-budget-mb); retry shortly", 1);
        }
        try {
            return RequestBody.read(request, maxBodyBytes);
        } finally {
            budgetKib.release(reserved);
        }
    }

    /** Bytes in KiB, rounded up (an empty body reserves nothing). */
    private static long kib(long bytes) {
        return (bytes + KIB - 1) / KIB;
    }
}
