package io.clip4j.serve;

import io.clip4j.batch.Job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clip4j.ClipModel;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * OpenAI's embeddings protocol, so that OpenAI's SDKs, LangChain4j's and Spring AI's OpenAI
 * models can call clip4j: {@code POST /v1/embeddings} and {@code GET /v1/models}.
 *
 * <p>Requests are OpenAI's: {@code input} (a string or an array of strings), {@code model}
 * (any id: the server has one model and answers with its name), {@code encoding_format}
 * ({@code float}, or {@code base64}: the little-endian float32 bytes, what the official SDKs
 * send by default), {@code dimensions} (only the model's own width: CLIP vectors are not
 * trained to be truncated), {@code user} (ignored). Images as infinity takes them: a top-level
 * {@code "modality": "image"} and {@code input} items as data URIs
 * ({@code data:image/png;base64,...}) or plain base64; remote URLs are refused (the server
 * fetches nothing). Token arrays are refused. Items go through the same batchers, limits and
 * metrics as the other routes; errors come in OpenAI's shape.
 */
final class OpenAiRoutes {
    static final String EMBEDDINGS = "/v1/embeddings";
    static final String MODELS = "/v1/models";

    private final ServerSettings settings;
    private final BodyReader bodies;
    private final Supplier<EmbeddingService> service;
    private final AsyncReplies replies;

    OpenAiRoutes(ServerSettings settings, BodyReader bodies, Supplier<EmbeddingService> service, AsyncReplies replies) {
        this.settings = settings;
        this.bodies = bodies;
        this.service = service;
        this.replies = replies;
    }

    /** True for the paths whose errors take OpenAI's shape. */
    static boolean handles(String path) {
        return EMBEDDINGS.equals(path) || MODELS.equals(path);
    }

    /** {@code {"error": {"message", "type", "param", "code"}}}, as OpenAI's API answers errors. */
    static Map<String, Object> error(ApiException e) {
        String type = switch (e.status()) {
            case 401 -> "authentication_error";
            case 429 -> "rate_limit_error";
            default -> e.status() >= 500 ? "server_error" : "invalid_request_error";
        };
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("message", e.detail());
        error.put("type", type);
        error.put("param", e.param());
        error.put("code", e.error());
        return Map.of("error", error);
    }

    /** {@code POST /v1/embeddings}. */
    void embeddings(Context ctx) {
        EmbeddingService s = service.get();
        ClipModel model = s.model();
        JsonNode json = JsonBodies.object(bodies.read(ctx.req()));
        JsonBodies.onlyFields(json, "input", "model", "encoding_format", "dimensions", "user", "modality");
        boolean base64 = switch (text(json, "encoding_format", "float")) {
            case "float" -> false;
            case "base64" -> true;
            default -> throw ApiException.badParam("invalid_request", "encoding_format",
                    "encoding_format must be 'float' or 'base64'");
        };
        int dim = model.config().projectionDim();
        JsonNode dimensions = json.get("dimensions");
        if (dimensions != null && !dimensions.isNull() && !(dimensions.canConvertToInt() && dimensions.intValue() == dim)) {
            throw ApiException.badParam("invalid_request", "dimensions", "dimensions must be this model's width, " + dim
                    + ", not " + dimensions + ": CLIP embeddings are not trained to be truncated");
        }
        boolean images = switch (text(json, "modality", "text")) {
            case "text" -> false;
            case "image" -> true;
            default -> throw ApiException.badParam("invalid_request", "modality", "modality must be 'text' or 'image'");
        };
        List<String> inputs = inputs(json.get("input"));
        Job<float[]> job;
        int tokens = 0;
        if (images) {
            List<EncodedImage> uploads = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                uploads.add(image(inputs.get(i), "input[" + i + "]"));
            }
            job = s.embedImages(s.decode(uploads));
        } else {
            for (int i = 0; i < inputs.size(); i++) {
                String text = inputs.get(i);
                if (text.length() > settings.maxTextChars()) {
                    throw ApiException.badParam("text_too_long", "input", "input[" + i + "] is " + text.length()
                            + " characters; the server accepts at most " + settings.maxTextChars());
                }
                tokens += model.tokenizer().tokenize(text).length; // what the model reads: start, text (cut), end
            }
            job = s.embedTexts(inputs);
        }
        String name = ApiRoutes.modelName(model);
        int usage = tokens;
        replies.reply(ctx, job, rows -> body(rows, base64, name, usage));
    }

    /** {@code GET /v1/models}: the one model. */
    void models(Context ctx) {
        String name = ApiRoutes.modelName(service.get().model());
        ObjectNode body = JsonBodies.MAPPER.createObjectNode();
        body.put("object", "list");
        body.putArray("data").addObject().put("id", name).put("object", "model").put("created", 0).put("owned_by", "clip4j");
        Responses.json(ctx, 200, body);
    }

    private List<String> inputs(JsonNode input) {
        if (input == null || input.isNull()) {
            throw ApiException.badParam("invalid_request", "input", "input is required: a string or an array of strings");
        }
        List<String> out = new ArrayList<>();
        if (input.isTextual()) {
            out.add(input.textValue());
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                JsonNode item = input.get(i);
                if (!item.isTextual()) {
                    throw ApiException.badParam("invalid_request", "input", item.isNumber() || item.isArray()
                            ? "input holds token ids: this server takes text (its own CLIP tokenizer counts the tokens)"
                            : "input[" + i + "] must be a string, not " + item.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
                }
                out.add(item.textValue());
            }
        } else {
            throw ApiException.badParam("invalid_request", "input", "input must be a string or an array of strings");
        }
        if (out.isEmpty()) {
            throw ApiException.badParam("empty_input", "input", "input is an empty array");
        }
        if (out.size() > settings.maxItems()) {
            throw ApiException.badParam("too_many_items", "input", "input has " + out.size()
                    + " items; the server accepts at most " + settings.maxItems() + " (--max-items)");
        }
        return out;
    }

    private static EncodedImage image(String item, String name) {
        String lower = item.strip().toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("file:")) {
            throw ApiException.badParam("invalid_image", "input", name + " is a URL: the server fetches nothing; send the"
                    + " image itself as a data URI (data:image/png;base64,...)");
        }
        return new EncodedImage(name, ImageUploads.decodeBase64(item, name));
    }

    private static String text(JsonNode json, String field, String fallback) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw ApiException.badParam("invalid_request", field, field + " must be a string");
        }
        return n.textValue();
    }

    private static ObjectNode body(List<float[]> rows, boolean base64, String model, int tokens) {
        ObjectNode body = JsonBodies.MAPPER.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        for (int i = 0; i < rows.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            float[] row = rows.get(i);
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(row.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(row);
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : row) {
                    values.add(v);
                }
            }
        }
        body.put("model", model);
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return body;
    }
}
