package io.clip4j.serve;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error pages (requests it refuses before they reach a route: a malformed request
 * line, headers too large, a request arriving during shutdown) as the same JSON every other error
 * uses, without Jetty's HTML, stack traces or server version.
 */
final class JsonErrorHandler extends ErrorHandler {
    JsonErrorHandler() {
        setShowStacks(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (code == HttpStatus.SERVICE_UNAVAILABLE_503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        }
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int code, String message) {
        String error = code == HttpStatus.SERVICE_UNAVAILABLE_503 ? "shutting_down" : "http_" + code;
        String reason = HttpStatus.getMessage(code);
        String detail = code == HttpStatus.SERVICE_UNAVAILABLE_503 ? "the server is shutting down; retry on another instance"
                : reason + (message == null || message.isBlank() || message.equals(reason) ? "" : ": " + clip(message));
        return Responses.bytes(new Responses.ErrorBody(error, detail));
    }

    private static String clip(String message) {
        String line = ImageDecoding.withoutPaths(message.replaceAll("\\s+", " "));
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

}
