package io.clip4j.serve;

import io.clip4j.batch.Job;

import io.clip4j.zeroshot.LabelVectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clip4j.ClipModel;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The handlers of the API routes. Each reads its body under the size limit, checks every limit,
 * then queues its items and answers asynchronously through {@link AsyncReplies}; nothing is queued
 * for a request that breaks a limit.
 */
final class ApiRoutes {
    private final ServerSettings settings;
    private final BodyReader bodies;
    private final Supplier<EmbeddingService> service;
    private final AsyncReplies replies;

    /**
     * @param service the service, or a supplier that throws 503 {@code loading} before the model is there
     */
    ApiRoutes(ServerSettings settings, BodyReader bodies, Supplier<EmbeddingService> service, AsyncReplies replies) {
        this.settings = settings;
        this.bodies = bodies;
        this.service = service;
        this.replies = replies;
    }

    /** {@code POST /v1/embeddings/text} {@code {"texts": [...]}}. */
    void embedText(Context ctx) {
        EmbeddingService s = service.get();
        JsonNode json = JsonBodies.object(bodies.read(ctx.req()));
        JsonBodies.onlyFields(json, "texts");
        List<String> texts = JsonBodies.strings(json, "texts", settings.maxItems(), "--max-items");
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).length() > settings.maxTextChars()) {
                throw ApiException.badRequest("text_too_long", "texts[" + i + "] is " + texts.get(i).length()
                        + " characters; the server accepts at most " + settings.maxTextChars()
                        + " (CLIP reads only the first 77 tokens)");
            }
        }
        Job<float[]> job = s.embedTexts(texts);
        replies.reply(ctx, job, rows -> embeddings(s.model(), rows));
    }

    /** {@code POST /v1/embeddings/image}: a raw image, multipart files, or JSON base64. */
    void embedImage(Context ctx) {
        EmbeddingService s = service.get();
        List<EncodedImage> uploads = ImageUploads.fromBody(bodies.read(ctx.req()), settings);
        Job<float[]> job = s.embedImages(s.decode(uploads));
        replies.reply(ctx, job, rows -> embeddings(s.model(), rows));
    }

    /** {@code POST /v1/classify}: images plus labels, optional templates and top_k. */
    void classify(Context ctx) {
        EmbeddingService s = service.get();
        ClassifyRequest request = ClassifyRequest.parse(bodies.read(ctx.req()), settings,
                s.defaultTemplates());
        LabelVectors classes = s.classVectors(request.labels(), request.templates(), settings.requestTimeout());
        Job<float[]> job = s.embedImages(s.decode(request.images()));
        replies.reply(ctx, job, rows -> {
            List<Responses.ImageResult> results = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                results.add(Responses.ImageResult.of(request.images().get(i).name(), classes.classify(rows.get(i), request.topK())));
            }
            return new Responses.ClassifyBody(results, modelName(s.model()));
        });
    }

    /** {@code GET /v1/model}: the model's name, dimensions, device, precision and configuration. */
    void model(Context ctx) {
        ClipModel model = service.get().model();
        ObjectNode body = JsonBodies.MAPPER.createObjectNode();
        body.put("model", modelName(model));
        body.put("dim", model.config().projectionDim());
        body.put("image_size", model.config().vision().imageSize());
        body.put("context_length", model.tokenizer().contextLength());
        body.put("device", model.options().device());
        body.put("dtype", model.options().precision().toString());
        body.put("logit_scale", model.logitScale());
        body.put("max_batch", settings.maxBatch());
        body.put("max_wait_ms", settings.maxWait().toMillis());
        body.put("max_items", settings.maxItems());
        body.set("config", model.config().toJson());
        Responses.json(ctx, 200, body);
    }

    private static Responses.EmbeddingsBody embeddings(ClipModel model, List<float[]> rows) {
        return new Responses.EmbeddingsBody(rows, modelName(model), model.config().projectionDim());
    }

    /** The model directory's name: never a full path. */
    static String modelName(ClipModel model) {
        var name = model.directory().toAbsolutePath().normalize().getFileName();
        return name == null ? "clip" : name.toString();
    }
}
