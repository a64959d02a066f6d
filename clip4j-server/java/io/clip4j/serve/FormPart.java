package io.clip4j.serve;

import io.clip4j.ClipException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;

/**
 * One part of a {@code multipart/form-data} body, read into memory.
 *
 * @param name        the form field name ({@code ""} if absent)
 * @param fileName    the file name the client gave, or null for a plain field
 * @param contentType the part's {@code Content-Type}, lower case ({@code ""} if absent)
 * @param bytes       the part's content
 */
record FormPart(String name, String fileName, String contentType, byte[] bytes) {

    /** True for a file upload: a part with a file name or an {@code image/*} content type. */
    public boolean isFile() {
        return fileName != null || contentType.startsWith("image/");
    }

    /** The content as UTF-8 text. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Parses a multipart body already held in memory with Jetty's parser; nothing is written to
     * disk (the whole body is under the size limit).
     *
     * @param maxParts the most parts accepted
     * @throws ApiException 400 {@code malformed_multipart} for a missing boundary or broken body,
     *                      or {@code too_many_items} for too many parts
     */
    public static List<FormPart> parse(RequestBody body, int maxParts) {
        String boundary = MultiPart.extractBoundary(body.contentType());
        if (boundary == null || boundary.isEmpty()) {
            throw ApiException.badRequest("malformed_multipart", "multipart/form-data needs a boundary parameter in Content-Type");
        }
        if (parts(body.bytes(), boundary) > maxParts) { // counted first: Jetty's own refusal read as malformed
            throw ApiException.badRequest("too_many_items", "the multipart body has more than " + maxParts + " parts (--max-items)");
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setMaxParts(maxParts);
        parser.setMaxLength(body.bytes().length + 1L);
        parser.setMaxMemoryFileSize(body.bytes().length + 1L);
        parser.setUseFilesForPartsWithoutFileName(false);
        MultiPartFormData.Parts parts;
        try {
            parts = parser.parse(Content.Source.from(ByteBuffer.wrap(body.bytes()))).get();
        } catch (ExecutionException e) {
            String why = e.getCause() == null || e.getCause().getMessage() == null ? "" : ": " + firstLine(e.getCause().getMessage());
            if (why.toLowerCase(java.util.Locale.ROOT).contains("parts")) {
                throw ApiException.badRequest("too_many_items", "the multipart body has more than " + maxParts + " parts");
            }
            throw ApiException.badRequest("malformed_multipart", "the multipart/form-data body could not be parsed" + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClipException("interrupted while parsing a multipart body", e);
        }
        try (parts) {
            List<FormPart> out = new ArrayList<>(parts.size());
            for (MultiPart.Part part : parts) {
                String type = part.getHeaders().get(HttpHeader.CONTENT_TYPE);
                out.add(new FormPart(part.getName() == null ? "" : part.getName(), part.getFileName(),
                        type == null ? "" : RequestBody.mediaType(type), content(part)));
            }
            return out;
        }
    }

    /** The parts a body declares: its delimiter lines ({@code --boundary}) less the closing one. */
    static int parts(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int count = 0;
        outer:
        for (int i = 0; i + delimiter.length <= body.length; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (body[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            count++;
            i += delimiter.length - 1;
        }
        return Math.max(0, count - 1);
    }

    private static byte[] content(MultiPart.Part part) {
        try {
            ByteBuffer buffer = Content.Source.asByteBuffer(part.getContentSource());
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_multipart", "a part of the multipart body could not be read");
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
