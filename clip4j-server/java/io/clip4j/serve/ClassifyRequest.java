package io.clip4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.ClipException;
import io.clip4j.zeroshot.PromptTemplates;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code POST /v1/classify} request: images, the labels to choose from, optional prompt templates
 * (the eight default photo templates when absent) and how many labels to return per image.
 * As JSON: {@code {"images": [BASE64...], "labels": [...], "templates": [...], "top_k": 5}}; as
 * {@code multipart/form-data}: image file parts plus the fields {@code labels} (repeated, or
 * comma-separated as on the command line), {@code templates} (repeated) and {@code top_k}.
 *
 * @param images    the images, still encoded
 * @param labels    at least one, unique, none blank
 * @param templates the prompt templates
 * @param topK      labels per image, at least 1 (at most the number of labels is returned)
 */
record ClassifyRequest(List<EncodedImage> images, List<String> labels, PromptTemplates templates, int topK) {
    static final int DEFAULT_TOP_K = 5;
    static final int MAX_LABEL_CHARS = 300;
    private static final List<String> FIELDS = List.of("labels", "templates", "top_k");

    /**
     * Parses and checks a request body against the limits.
     *
     * @throws ApiException 4xx naming what is wrong
     */
    static ClassifyRequest parse(RequestBody body, ServerSettings limits, PromptTemplates defaultTemplates) {
        if (body.isJson()) {
            JsonNode json = JsonBodies.object(body);
            JsonBodies.onlyFields(json, "images", "labels", "templates", "top_k");
            List<String> labels = JsonBodies.strings(json, "labels", limits.maxLabels(), "--max-labels");
            List<String> templates = json.hasNonNull("templates")
                    ? JsonBodies.strings(json, "templates", limits.maxPrompts(), "--max-prompts") : null;
            int topK = JsonBodies.integer(json, "top_k", DEFAULT_TOP_K);
            List<EncodedImage> images = ImageUploads.base64(json, "images", limits.maxItems());
            return checked(images, labels, templates, topK, limits, defaultTemplates);
        }
        if (body.isMultipart()) {
            List<FormPart> parts = FormPart.parse(body, limits.maxItems() + limits.maxLabels() + 64);
            List<String> labels = new ArrayList<>();
            List<String> templates = new ArrayList<>();
            int topK = DEFAULT_TOP_K;
            for (FormPart part : parts) {
                if (part.isFile()) {
                    continue;
                }
                switch (part.name()) {
                    case "labels" -> {
                        for (String label : part.text().split(",")) {
                            if (!label.isBlank()) {
                                labels.add(label.strip());
                            }
                        }
                    }
                    case "templates" -> templates.add(part.text());
                    case "top_k" -> topK = parseTopK(part.text());
                    default -> { } // ImageUploads.files refuses it
                }
            }
            List<EncodedImage> images = ImageUploads.files(parts, limits.maxItems(), FIELDS);
            if (labels.isEmpty()) {
                throw ApiException.badRequest("empty_input", "no labels: add a form field 'labels' (e.g. labels=cat,dog)");
            }
            if (labels.size() > limits.maxLabels()) {
                throw tooManyLabels(labels.size(), limits);
            }
            return checked(images, labels, templates.isEmpty() ? null : templates, topK, limits, defaultTemplates);
        }
        throw ApiException.unsupportedMediaType("send application/json (base64 images) or multipart/form-data (image files), not '"
                + (body.mediaType().isEmpty() ? "(no Content-Type)" : body.mediaType()) + "'");
    }

    private static ClassifyRequest checked(List<EncodedImage> images, List<String> labels, List<String> templateList, int topK,
                                           ServerSettings limits, PromptTemplates defaultTemplates) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label.isBlank()) {
                throw ApiException.invalid("labels[" + i + "] is blank");
            }
            if (label.length() > MAX_LABEL_CHARS) {
                throw ApiException.invalid("labels[" + i + "] is " + label.length() + " characters; at most " + MAX_LABEL_CHARS);
            }
            if (!seen.add(label)) {
                throw ApiException.invalid("label '" + label + "' appears twice; labels must be unique");
            }
        }
        if (topK < 1) {
            throw ApiException.invalid("'top_k' must be at least 1, not " + topK);
        }
        PromptTemplates templates;
        try {
            templates = templateList == null ? defaultTemplates : PromptTemplates.of(templateList);
        } catch (ClipException e) {
            throw ApiException.invalid("templates: " + e.getMessage());
        }
        for (String t : templates.templates()) {
            if (t.length() > MAX_LABEL_CHARS) {
                throw ApiException.invalid("a template is " + t.length() + " characters; at most " + MAX_LABEL_CHARS);
            }
        }
        long prompts = (long) labels.size() * templates.size();
        if (prompts > limits.maxPrompts()) {
            throw ApiException.badRequest("too_many_items", labels.size() + " labels × " + templates.size() + " templates = "
                    + prompts + " prompts; the server builds at most " + limits.maxPrompts() + " per label set (--max-prompts)");
        }
        return new ClassifyRequest(images, List.copyOf(labels), templates, topK);
    }

    private static int parseTopK(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("'top_k' must be an integer, not '" + (text.length() > 20 ? text.substring(0, 20) + "…" : text) + "'");
        }
    }

    private static ApiException tooManyLabels(int n, ServerSettings limits) {
        return ApiException.badRequest("too_many_items", "the request names " + n + " labels; the server accepts at most "
                + limits.maxLabels() + " (--max-labels)");
    }
}
