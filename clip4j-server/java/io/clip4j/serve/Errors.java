package io.clip4j.serve;

import io.clip4j.batch.RejectedException;
import io.clip4j.batch.Job;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps whatever a request ran into to the {@link ApiException} it is answered with. Errors that
 * are not the client's (a bug, a native failure) become a 500 whose detail says nothing about the
 * server's internals; the full error goes to the server log only.
 */
final class Errors {
    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

    /** How long a client should wait before asking a store that is down again. */
    static final int STORE_RETRY_SECONDS = 5;
    /** A database that is down fails every search: one log line per 10 s, with the count it stands for. */
    private static final RateLimitedLog STORE_DOWN = new RateLimitedLog(java.time.Duration.ofSeconds(10));

    private Errors() {
    }

    static ApiException toApi(Throwable error, long timeoutMillis) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof Job.DroppedException dropped) {
            return switch (dropped.reason()) {
                case TIMEOUT -> ApiException.unavailable("timeout", "the request did not finish within " + timeoutMillis
                        + " ms and was dropped (--timeout-ms); retry, or send fewer items", 1);
                case CLIENT_GONE -> ApiException.badRequest("client_gone", "the client closed the connection");
                case SHUTDOWN -> ApiException.unavailable("shutting_down", "the server shut down before the request ran", 1);
            };
        }
        if (e instanceof RejectedException rejected) {
            return rejected.reason() == RejectedException.Reason.QUEUE_FULL
                    ? ApiException.overloaded(rejected.getMessage() + "; retry after a second", 1)
                    : ApiException.unavailable("shutting_down", "the server is shutting down", 1);
        }
        if (e instanceof io.clip4j.index.StoreUnavailableException down) {
            STORE_DOWN.warn(LOG, down.getMessage());
            return ApiException.unavailable("store_unavailable", "the vector store cannot be reached; retry later", STORE_RETRY_SECONDS);
        }
        LOG.error("request failed", e);
        return new ApiException(500, "internal_error", "the server failed to process the request; the error is in the server log");
    }
}
