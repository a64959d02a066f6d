package io.clip4j;

/**
 * Base of every error clip4j raises on purpose. Unchecked, so that streams and lambdas stay
 * readable; each subclass documents which user mistake it reports.
 */
public class ClipException extends RuntimeException {
    public ClipException(String message) {
        super(message);
    }

    public ClipException(String message, Throwable cause) {
        super(message, cause);
    }
}
