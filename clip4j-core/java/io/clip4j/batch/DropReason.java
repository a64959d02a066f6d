package io.clip4j.batch;

import java.util.Locale;

/** Why queued work was given up before an encoder saw it. */
public enum DropReason {
    /** The request's deadline passed. */
    TIMEOUT,
    /** The client closed its connection. */
    CLIENT_GONE,
    /** The batcher (the server) stopped before the work could run. */
    SHUTDOWN;

    /** The lower-case name used in metrics and logs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
