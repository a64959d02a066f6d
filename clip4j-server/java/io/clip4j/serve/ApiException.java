package io.clip4j.serve;

import java.util.Map;

/**
 * An error the server answers with its own status and a JSON body
 * {@code {"error": CODE, "detail": TEXT}}. {@code CODE} is a stable machine-readable word
 * ({@code malformed_json}, {@code too_many_items}, …), {@code TEXT} a sentence for people that
 * names the field or item at fault. Neither ever holds a stack trace or a server-side path.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String param;
    private final transient Map<String, String> headers;

    /**
     * @param status  the HTTP status
     * @param error   the stable error code
     * @param detail  what is wrong, for people
     * @param headers extra response headers (e.g. {@code Retry-After})
     */
    public ApiException(int status, String error, String detail, Map<String, String> headers) {
        this(status, error, null, detail, headers);
    }

    private ApiException(int status, String error, String param, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
        this.param = param;
        this.headers = Map.copyOf(headers);
    }

    /** 400 about one request field, named in OpenAI-shaped errors as {@code param}. */
    public static ApiException badParam(String error, String param, String detail) {
        return new ApiException(400, error, param, detail, Map.of());
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }

    /** An error without extra headers. */
    public ApiException(int status, String error, String detail) {
        this(status, error, detail, Map.of());
    }

    /** 400 with the given code. */
    public static ApiException badRequest(String error, String detail) {
        return new ApiException(400, error, detail);
    }

    /** 400 {@code invalid_request}: the JSON parsed but does not have the expected shape. */
    public static ApiException invalid(String detail) {
        return badRequest("invalid_request", detail);
    }

    /** 401 with {@code WWW-Authenticate: Bearer}. */
    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", detail, Map.of("WWW-Authenticate", "Bearer realm=\"clip4j\""));
    }

    /** 413 with the given code. */
    public static ApiException tooLarge(String error, String detail) {
        return new ApiException(413, error, detail);
    }

    /** 415 {@code unsupported_media_type}. */
    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(415, "unsupported_media_type", detail);
    }

    /** 429 {@code overloaded} with {@code Retry-After}. */
    public static ApiException overloaded(String detail, int retryAfterSeconds) {
        return new ApiException(429, "overloaded", detail, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** 503 with the given code and {@code Retry-After}. */
    public static ApiException unavailable(String error, String detail, int retryAfterSeconds) {
        return new ApiException(503, error, detail, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The stable error code. */
    public String error() {
        return error;
    }

    /** What is wrong, for people. */
    public String detail() {
        return getMessage();
    }

    /** Extra response headers. */
    public Map<String, String> headers() {
        return headers;
    }
}
