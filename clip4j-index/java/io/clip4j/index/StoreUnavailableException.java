package io.clip4j.index;

/**
 * The store could not be reached (its database is down, restarting, or did not answer in time).
 * Unlike other {@link IndexException}s it says nothing about the index: the same call may succeed
 * later, and a server answers it with 503 and {@code Retry-After}.
 */
public class StoreUnavailableException extends IndexException {
    /**
     * @param location the store, without secrets
     * @param problem what failed, for the message
     * @param cause the driver's error
     */
    public StoreUnavailableException(String location, String problem, Throwable cause) {
        super(location, problem, cause);
    }
}
