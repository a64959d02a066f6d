package io.clip4j.serve;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.http.BadMessageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * A request body read into memory under the size limit, with its media type.
 *
 * @param mediaType   the {@code Content-Type} without parameters, lower case ({@code ""} if absent)
 * @param contentType the full {@code Content-Type} header ({@code ""} if absent), for the multipart boundary
 * @param bytes       the body
 */
record RequestBody(String mediaType, String contentType, byte[] bytes) {

    /**
     * Reads the body, refusing one over {@code maxBytes} before reading it when it declares its
     * length, and as soon as the limit is passed when it is chunked.
     *
     * @throws ApiException 413 {@code body_too_large}, 400 {@code unreadable_body} if the client
     *                      stopped sending, 408 {@code body_too_slow} below the minimum upload rate
     */
    public static RequestBody read(HttpServletRequest request, long maxBytes) {
        String contentType = request.getContentType() == null ? "" : request.getContentType();
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(declared, maxBytes);
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            int cap = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1);
            bytes = in.readNBytes(cap);
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable_body", "the request body could not be read completely");
        } catch (BadMessageException e) { // Jetty's minimum data rate (--min-upload-rate)
            throw new ApiException(e.getCode(), "body_too_slow", "the request body arrived too slowly: " + e.getReason());
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(-1, maxBytes);
        }
        return new RequestBody(mediaType(contentType), contentType, bytes);
    }

    private static ApiException tooLarge(long declared, long maxBytes) {
        return ApiException.tooLarge("body_too_large", "the request body " + (declared >= 0 ? "is " + declared + " bytes" : "is larger")
                + "; the server accepts at most " + maxBytes + " bytes (--max-body-mb)");
    }

    /** The media type of a {@code Content-Type} value: before any {@code ;}, trimmed, lower case. */
    static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** True for {@code application/json} and {@code application/*+json}. */
    public boolean isJson() {
        return mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }

    /** True for {@code multipart/form-data}. */
    public boolean isMultipart() {
        return mediaType.equals("multipart/form-data");
    }

    /** True for {@code image/*}. */
    public boolean isImage() {
        return mediaType.startsWith("image/");
    }

    /** True when the body is empty. */
    public boolean isEmpty() {
        return bytes.length == 0;
    }
}
