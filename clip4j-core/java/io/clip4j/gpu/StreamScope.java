package io.clip4j.gpu;

import org.bytedeco.pytorch.cuda.CUDAStreamGuard;

/**
 * While open, a stream is the current one of the thread that opened it; closing restores the
 * previous stream. A no-op for the CPU stand-in. Open and close it on the same thread
 * (try-with-resources).
 */
public final class StreamScope implements AutoCloseable {
    private final ClipStream stream;
    private final CUDAStreamGuard guard;
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    StreamScope(ClipStream stream) {
        this.stream = stream;
        this.guard = stream.isCuda() ? new CUDAStreamGuard(stream.cuda().unwrap()) : null;
    }

    /** The stream this scope made current. */
    public ClipStream stream() {
        return stream;
    }

    /** Restores the thread's previous stream. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a StreamScope must be closed on the thread that opened it (" + owner.getName() + ")");
        }
        closed = true;
        if (guard != null) {
            guard.close();
        }
    }
}
