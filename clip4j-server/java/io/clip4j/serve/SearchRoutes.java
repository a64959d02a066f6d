package io.clip4j.serve;

import io.clip4j.batch.Job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clip4j.index.SearchHit;
import io.clip4j.index.SearchOptions;
import io.clip4j.index.VectorStore;
import io.clip4j.moderation.ModerationJson;
import io.clip4j.moderation.Moderator;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code POST /v1/search} and {@code POST /v1/moderate}. The query text or image and the images to
 * moderate go through the same batchers as the embedding routes; the index, or the moderation
 * policy, answers when the embeddings are back.
 */
final class SearchRoutes {
    private static final int MAX_K = 1000;

    private final ServerSettings settings;
    private final BodyReader bodies;
    private final Supplier<EmbeddingService> service;
    private final AsyncReplies replies;
    private volatile VectorStore index;
    private volatile Moderator moderator;
    /** Store calls run here, not on the batchers' response threads, which every embedding route needs. */
    private final java.util.concurrent.ExecutorService storeCalls = java.util.concurrent.Executors.newFixedThreadPool(4,
            EmbeddingService.daemonThreads("clip4j-store"));
    /** What the last store call found: null before any, else whether the store answered. */
    private volatile Boolean storeUp;

    SearchRoutes(ServerSettings settings, BodyReader bodies, Supplier<EmbeddingService> service, AsyncReplies replies) {
        this.settings = settings;
        this.bodies = bodies;
        this.service = service;
        this.replies = replies;
    }

    void useIndex(VectorStore index) {
        this.index = index;
        this.storeUp = null;
    }

    /** For /health: "up" or "down" by the last search, "unknown" before one, null without a store. */
    String storeStatus() {
        Boolean up = storeUp;
        return index == null ? null : up == null ? "unknown" : up ? "up" : "down";
    }

    /** Stops the store threads (the server is closing). */
    void close() {
        storeCalls.shutdownNow();
    }

    void useModerator(Moderator moderator) {
        this.moderator = moderator;
    }

    /** {@code {"text": ...} | {"image": BASE64}, "k": 10, "exact": false, "path_prefix": "/photos/2024/"} → {@code {"results": [{"path", "score"}]}}. */
    void search(Context ctx) {
        EmbeddingService s = service.get();
        VectorStore searched = index;
        if (searched == null) {
            throw new ApiException(404, "no_index", "this server was started without --index");
        }
        JsonNode json = JsonBodies.object(bodies.read(ctx.req()));
        JsonBodies.onlyFields(json, "text", "image", "k", "exact", "path_prefix");
        if (json.has("text") == json.has("image")) {
            throw ApiException.invalid("give exactly one of 'text' and 'image'");
        }
        int k = json.has("k") ? positiveInt(json.get("k"), "k") : 10;
        JsonNode exactNode = json.get("exact");
        if (exactNode != null && !exactNode.isBoolean()) {
            throw ApiException.invalid("'exact' must be true or false");
        }
        boolean exact = exactNode != null && exactNode.booleanValue();
        JsonNode prefixNode = json.get("path_prefix");
        if (prefixNode != null && (!prefixNode.isTextual() || prefixNode.asText().indexOf('\0') >= 0)) {
            throw ApiException.invalid("'path_prefix' must be a string without NUL characters");
        }
        SearchOptions options = (exact ? SearchOptions.top(k).exactly() : SearchOptions.top(k))
                .withPathPrefix(prefixNode == null ? null : prefixNode.asText());
        Job<float[]> job;
        if (json.has("text")) {
            JsonNode text = json.get("text");
            if (!text.isTextual() || text.asText().isBlank()) {
                throw ApiException.invalid("'text' must be a non-empty string");
            }
            if (text.asText().length() > settings.maxTextChars()) {
                throw ApiException.badRequest("text_too_long", "'text' is " + text.asText().length()
                        + " characters; the server accepts at most " + settings.maxTextChars());
            }
            job = s.embedTexts(List.of(text.asText()));
        } else {
            job = s.embedImages(s.decode(List.of(ImageUploads.base64Field(json, "image"))));
        }
        replies.reply(ctx, job, rows -> {
            List<SearchHit> hits;
            try {
                hits = searched.search(rows.get(0), options);
                storeUp = true;
            } catch (io.clip4j.index.StoreUnavailableException e) {
                storeUp = false;
                throw e;
            }
            ObjectNode body = JsonBodies.MAPPER.createObjectNode();
            ArrayNode results = body.putArray("results");
            for (SearchHit hit : hits) {
                io.clip4j.index.MediaFragment shot = hit.fragment(); // a shot of a video: its file and time range
                var result = results.addObject().put("path", shot == null ? hit.path() : shot.file());
                if (shot != null) {
                    result.put("start", shot.start()).put("end", shot.end());
                }
                result.put("score", hit.score());
            }
            return body;
        }, storeCalls);
    }

    /** Images (raw, multipart or base64 JSON, as for the image route) → one verdict per image. */
    void moderate(Context ctx) {
        EmbeddingService s = service.get();
        Moderator policy = moderator;
        if (policy == null) {
            throw new ApiException(404, "no_policy", "this server has no moderation policy");
        }
        List<EncodedImage> uploads = ImageUploads.fromBody(bodies.read(ctx.req()), settings);
        Job<float[]> job = s.embedImages(s.decode(uploads));
        replies.reply(ctx, job, rows -> {
            ObjectNode body = JsonBodies.MAPPER.createObjectNode();
            ArrayNode results = body.putArray("results");
            for (int i = 0; i < rows.size(); i++) {
                ModerationJson.describe(results.addObject().put("image", uploads.get(i).name()), policy.moderate(rows.get(i)));
            }
            body.put("policy", policy.policy().name());
            return body;
        });
    }

    private static int positiveInt(JsonNode node, String field) {
        // canConvertToInt first: asInt() wraps 4294967299 to 3
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1 || node.asInt() > MAX_K) {
            throw ApiException.invalid("'" + field + "' must be an integer from 1 to " + MAX_K);
        }
        return node.asInt();
    }
}
