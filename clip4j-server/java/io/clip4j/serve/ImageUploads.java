package io.clip4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Pulls encoded images out of a request, in the three forms the image routes take: a raw
 * {@code image/*} body (one image), {@code multipart/form-data} file parts (one image each), or
 * base64 strings in a JSON array ({@code "images": ["iVBORw0…", "data:image/png;base64,iVBORw0…"]}).
 * Images are only ever bytes in the request: nothing here reads a path or a URL.
 */
final class ImageUploads {
    private static final int MAX_NAME = 100;

    private ImageUploads() {
    }

    /** The images of a raw body. */
    /** The images of a body: a raw image (image/*), multipart image files, or JSON {@code {"images": [BASE64...]}}. */
    static List<EncodedImage> fromBody(RequestBody body, ServerSettings settings) {
        if (body.isImage()) {
            return raw(body);
        }
        if (body.isMultipart()) {
            return files(FormPart.parse(body, settings.maxItems() + 1), settings.maxItems(), List.of());
        }
        if (body.isJson()) {
            com.fasterxml.jackson.databind.JsonNode json = JsonBodies.object(body);
            JsonBodies.onlyFields(json, "images");
            return base64(json, "images", settings.maxItems());
        }
        throw ApiException.unsupportedMediaType("send an image (image/*), multipart/form-data with image files, or "
                + "application/json with base64 images, not '"
                + (body.mediaType().isEmpty() ? "(no Content-Type)" : body.mediaType()) + "'");
    }

    static List<EncodedImage> raw(RequestBody body) {
        if (body.isEmpty()) {
            throw ApiException.badRequest("empty_input", "the request body is empty; send the image's bytes");
        }
        return List.of(new EncodedImage("the request body", body.bytes()));
    }

    /** The file parts of a multipart body; other parts must be named in {@code fields}. */
    static List<EncodedImage> files(List<FormPart> parts, int maxItems, List<String> fields) {
        List<EncodedImage> images = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            FormPart part = parts.get(i);
            if (part.isFile()) {
                images.add(new EncodedImage(name(part, i), part.bytes()));
            } else if (!fields.contains(part.name())) {
                throw ApiException.invalid("unexpected form field '" + clip(part.name()) + "'; send images as file parts"
                        + (fields.isEmpty() ? "" : " and only the fields " + fields));
            }
        }
        if (images.isEmpty()) {
            throw ApiException.badRequest("empty_input", "the multipart body has no file part; send each image as a file");
        }
        if (images.size() > maxItems) {
            throw ApiException.badRequest("too_many_items", "the request has " + images.size()
                    + " images; the server accepts at most " + maxItems + " per request (--max-items)");
        }
        return images;
    }

    /** The base64 images of a JSON field. */
    static List<EncodedImage> base64(JsonNode object, String field, int maxItems) {
        List<String> encoded = JsonBodies.strings(object, field, maxItems, "--max-items");
        List<EncodedImage> images = new ArrayList<>(encoded.size());
        for (int i = 0; i < encoded.size(); i++) {
            String name = field + "[" + i + "]";
            images.add(new EncodedImage(name, decodeBase64(encoded.get(i), name)));
        }
        return images;
    }

    /** One base64 image in a string field (the search route's {@code "image"}); errors name that field. */
    static EncodedImage base64Field(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw ApiException.invalid("'" + field + "' must be a non-empty base64 string");
        }
        return new EncodedImage(field, decodeBase64(value.asText(), field));
    }

    static byte[] decodeBase64(String text, String name) {
        String data = text;
        if (data.startsWith("data:")) { // a data URL: data:image/png;base64,....
            int comma = data.indexOf(',');
            if (comma < 0 || !data.substring(0, comma).endsWith(";base64")) {
                throw ApiException.badRequest("invalid_base64", name + " is a data URL without ';base64,'");
            }
            data = data.substring(comma + 1);
        }
        try {
            return Base64.getDecoder().decode(data.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_base64", name + " is not valid base64: " + e.getMessage());
        }
    }

    private static String name(FormPart part, int index) {
        if (part.fileName() != null && !part.fileName().isBlank()) {
            return "file '" + clip(part.fileName()) + "'";
        }
        return "part " + (index + 1) + (part.name().isEmpty() ? "" : " ('" + clip(part.name()) + "')");
    }

    private static String clip(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= MAX_NAME ? printable : printable.substring(0, MAX_NAME) + "…";
    }
}
