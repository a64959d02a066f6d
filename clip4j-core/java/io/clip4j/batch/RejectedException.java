package io.clip4j.batch;

/** A {@link Batcher} refused new work: its queue is full, or it is shutting down. */
public final class RejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the work was refused. */
    public enum Reason { QUEUE_FULL, SHUTTING_DOWN }

    private final Reason reason;

    RejectedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** Why the work was refused. */
    public Reason reason() {
        return reason;
    }
}
