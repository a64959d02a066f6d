package io.clip4j.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** Writes JSON bodies: results, and every error as {@code {"error": ..., "detail": ...}}. */
final class Responses {
    static final String JSON = "application/json";

    /** The body of every error response. */
    record ErrorBody(String error, String detail) {
    }

    /** {@code /v1/embeddings/*}: one unit vector per input, in request order. */
    record EmbeddingsBody(List<float[]> embeddings, String model, int dim) {
    }

    /** {@code /v1/classify}: one entry per image, in request order. */
    record ClassifyBody(List<ImageResult> results, String model) {
    }

    /** One image's predictions, as {@code clip4j classify} prints them. */
    record ImageResult(String image, List<Scored> predictions) {
        static ImageResult of(String image, io.clip4j.zeroshot.Classification c) {
            return new ImageResult(image, c.top().stream().map(p -> new Scored(p.label(), p.probability(), p.cosine())).toList());
        }
    }

    /** A prediction's JSON: {@code {"label", "score", "cosine"}}. */
    record Scored(String label, double score, double cosine) {
    }

    private Responses() {
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType(JSON).result(bytes(body));
    }

    static void error(Context ctx, ApiException e) {
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            ctx.header(h.getKey(), h.getValue());
        }
        json(ctx, e.status(), OpenAiRoutes.handles(ctx.path()) ? OpenAiRoutes.error(e) : new ErrorBody(e.error(), e.detail()));
    }

    static byte[] bytes(Object body) {
        try {
            return JsonBodies.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response as JSON", e);
        }
    }
}
