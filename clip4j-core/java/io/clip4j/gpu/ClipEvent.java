package io.clip4j.gpu;

import io.clip4j.internal.PastScope;

import org.bytedeco.pytorch.cuda.CUDAEvent;

/**
 * A marker in a stream's queue: recorded after some work, it lets another stream (or the host)
 * wait for exactly that work and nothing queued later. On the CPU it has always happened.
 */
public final class ClipEvent implements AutoCloseable {
    private static final ClipEvent DONE = new ClipEvent(null);

    private final CUDAEvent cuda; // null: the CPU's event, always complete

    private ClipEvent(CUDAEvent cuda) {
        this.cuda = cuda;
    }

    /** An event that has already happened (for CPU work). */
    public static ClipEvent done() {
        return DONE;
    }

    /** A new, not yet recorded event for streams like {@code stream}; close it when done. */
    public static ClipEvent create(ClipStream stream) {
        if (!stream.isCuda()) {
            return DONE;
        }
        return new ClipEvent(PastScope.keep(new CUDAEvent()));
    }

    /** Records this event after the work queued on {@code stream} so far (re-recording moves it). */
    public void record(ClipStream stream) {
        if (cuda != null && stream.isCuda()) {
            cuda.record(stream.cuda());
        }
    }

    /** Makes {@code stream} wait for this event before running work queued on it later. */
    public void block(ClipStream stream) {
        if (cuda != null && stream.isCuda()) {
            cuda.block(stream.cuda());
        }
    }

    /** True once the work before the event has finished. */
    public boolean isDone() {
        return cuda == null || cuda.query();
    }

    /** Blocks the calling thread until the work before the event has finished. */
    public void synchronize() {
        if (cuda != null) {
            cuda.synchronize();
        }
    }

    /** Frees the event. */
    @Override
    public void close() {
        if (cuda != null && !cuda.isNull()) {
            cuda.close();
        }
    }
}
