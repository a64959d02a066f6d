package io.clip4j.hub;

import io.clip4j.ClipException;

/** A download from the hub failed; the message names the repository or file and what to do. */
public final class HubException extends ClipException {
    /** What went wrong, for callers that react differently (retry, ask for a token, go offline). */
    public enum Reason {
        /** 401: private or gated and no token, or the token was refused. */
        UNAUTHORIZED,
        /** A gated repository whose terms the token's user has not accepted. */
        GATED,
        /** 403 for another reason. */
        FORBIDDEN,
        /** No such repository, revision or file. */
        NOT_FOUND,
        /** A downloaded file does not match the hub's checksum or size. */
        CHECKSUM,
        /** Offline mode and the cache lacks what was asked for. */
        NOT_CACHED,
        /** The repository holds no checkpoint clip4j can read. */
        UNSUPPORTED,
        /** The network or the server failed (connection, timeout, 5xx). */
        NETWORK,
        /** Writing the cache failed (disk full, permissions). */
        CACHE
    }

    private final Reason reason;

    HubException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    HubException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the download failed. */
    public Reason reason() {
        return reason;
    }
}
