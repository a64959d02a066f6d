package io.clip4j.serve;

/**
 * The OpenAPI 3.1 description of the server's routes, served at {@code /openapi.json}. Kept as a
 * Java text block so that it ships inside the jar without a resources folder; a test checks that
 * it parses and names every route the server has.
 */
public final class OpenApiDocument {
    private OpenApiDocument() {
    }

    /** The document, as JSON text. */
    public static final String JSON = """
            {
              "openapi": "3.1.0",
              "info": {
                "title": "clip4j embedding server",
                "version": "0.1.0",
                "description": "CLIP text and image embeddings and zero-shot classification, with dynamic batching. Requests are coalesced into encoder batches of up to --max-batch items; a full queue answers 429 with Retry-After. Errors are JSON {\\"error\\": CODE, \\"detail\\": TEXT}. When the server runs with API keys, every route except /health and /openapi.json needs 'Authorization: Bearer KEY'."
              },
              "security": [{"bearer": []}],
              "paths": {
                "/v1/embeddings/text": {
                  "post": {
                    "summary": "Embed texts",
                    "operationId": "embedTexts",
                    "requestBody": {
                      "required": true,
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TextsRequest"},
                        "example": {"texts": ["a photo of a cat", "a photo of a dog"]}}}
                    },
                    "responses": {
                      "200": {"description": "One unit-length embedding per text, in request order",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Embeddings"}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "413": {"$ref": "#/components/responses/TooLarge"},
                      "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
                      "429": {"$ref": "#/components/responses/Overloaded"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/v1/embeddings/image": {
                  "post": {
                    "summary": "Embed images",
                    "description": "Images arrive only as bytes: a raw image body, multipart file parts, or base64 strings in JSON. The server never reads a path or fetches a URL. Each image's size is read from its header and checked against --max-pixels before it is decoded.",
                    "operationId": "embedImages",
                    "requestBody": {
                      "required": true,
                      "content": {
                        "image/*": {"schema": {"type": "string", "format": "binary"}},
                        "multipart/form-data": {"schema": {"type": "object", "properties": {
                          "file": {"type": "array", "items": {"type": "string", "format": "binary"}}}}},
                        "application/json": {"schema": {"$ref": "#/components/schemas/ImagesRequest"}}
                      }
                    },
                    "responses": {
                      "200": {"description": "One unit-length embedding per image, in request order",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Embeddings"}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "413": {"$ref": "#/components/responses/TooLarge"},
                      "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
                      "429": {"$ref": "#/components/responses/Overloaded"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/v1/classify": {
                  "post": {
                    "summary": "Zero-shot classification of images against labels",
                    "description": "Class vectors are the normalised mean of the prompt embeddings (templates filled with each label; the eight default photo templates when 'templates' is absent) and are cached per label set. Scores are the softmax over logit_scale x cosine.",
                    "operationId": "classify",
                    "requestBody": {
                      "required": true,
                      "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ClassifyRequest"}},
                        "multipart/form-data": {"schema": {"type": "object", "properties": {
                          "file": {"type": "array", "items": {"type": "string", "format": "binary"}},
                          "labels": {"type": "string", "description": "comma-separated, or the field repeated"},
                          "templates": {"type": "string", "description": "one template per field, repeated"},
                          "top_k": {"type": "integer", "minimum": 1}}}}
                      }
                    },
                    "responses": {
                      "200": {"description": "The top_k labels per image",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Classifications"}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "413": {"$ref": "#/components/responses/TooLarge"},
                      "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
                      "429": {"$ref": "#/components/responses/Overloaded"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/v1/search": {
                  "post": {
                    "summary": "Images of the server's index (--index) nearest a text or an image",
                    "description": "HNSW search, or with exact=true a matrix product over every vector. Scores are cosine similarities.",
                    "operationId": "search",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object",
                      "properties": {"text": {"type": "string"}, "image": {"type": "string", "description": "base64 or a data: URL"},
                        "k": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 10}, "exact": {"type": "boolean", "default": false}},
                      "additionalProperties": false}}}},
                    "responses": {
                      "200": {"description": "The nearest images", "content": {"application/json": {"schema": {"type": "object",
                        "properties": {"results": {"type": "array", "items": {"type": "object",
                          "properties": {"path": {"type": "string"}, "score": {"type": "number"}}}}}}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "404": {"description": "The server was started without --index (error no_index)"},
                      "429": {"$ref": "#/components/responses/Overloaded"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/v1/moderate": {
                  "post": {
                    "summary": "Moderation verdicts for images under the server's policy (--policy, or the uncalibrated default)",
                    "operationId": "moderate",
                    "requestBody": {"required": true, "content": {
                      "image/*": {"schema": {"type": "string", "format": "binary"}},
                      "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "array", "items": {"type": "string", "format": "binary"}}}}},
                      "application/json": {"schema": {"type": "object", "properties": {"images": {"type": "array", "items": {"type": "string"}}}}}}},
                    "responses": {
                      "200": {"description": "Per image: action, flagged categories and every category's score",
                        "content": {"application/json": {"schema": {"type": "object"}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "413": {"$ref": "#/components/responses/TooLarge"},
                      "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
                      "429": {"$ref": "#/components/responses/Overloaded"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/v1/model": {
                  "get": {
                    "summary": "The model: name, embedding width, device, precision, batching and configuration",
                    "operationId": "model",
                    "responses": {
                      "200": {"description": "Model information", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Model"}}}},
                      "401": {"$ref": "#/components/responses/Unauthorized"},
                      "503": {"$ref": "#/components/responses/Unavailable"}
                    }
                  }
                },
                "/v1/embeddings": {
                  "post": {
                    "summary": "OpenAI-compatible embeddings: input (string or strings), model, encoding_format float|base64, dimensions (the model's width only), modality text|image (images as data URIs); errors in OpenAI's shape",
                    "operationId": "openAiEmbeddings",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["input"]}}}},
                    "responses": {
                      "200": {"description": "{object: list, data: [{object: embedding, index, embedding}], model, usage: {prompt_tokens, total_tokens}}"},
                      "400": {"description": "{error: {message, type, param, code}}"},
                      "401": {"description": "{error: {message, type, param, code}}"},
                      "429": {"description": "{error: {message, type, param, code}}"},
                      "503": {"description": "{error: {message, type, param, code}}"}
                    }
                  }
                },
                "/v1/models": {
                  "get": {
                    "summary": "OpenAI-compatible model list: the one model this server serves",
                    "operationId": "openAiModels",
                    "responses": {
                      "200": {"description": "{object: list, data: [{id, object: model, created, owned_by}]}"}
                    }
                  }
                },
                "/health": {
                  "get": {
                    "summary": "Readiness: 200 once the model is loaded, 503 while loading or stopping",
                    "operationId": "health",
                    "security": [],
                    "responses": {
                      "200": {"description": "Ready", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
                      "503": {"description": "Loading or stopping", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}
                    }
                  }
                },
                "/metrics": {
                  "get": {
                    "summary": "Prometheus metrics (text exposition format)",
                    "operationId": "metrics",
                    "responses": {
                      "200": {"description": "Request counts by route and status, latency histograms, batch sizes, queue depths, dropped and rejected items, memory",
                        "content": {"text/plain": {"schema": {"type": "string"}}}},
                      "401": {"$ref": "#/components/responses/Unauthorized"}
                    }
                  }
                },
                "/openapi.json": {
                  "get": {
                    "summary": "This document",
                    "operationId": "openapi",
                    "security": [],
                    "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}
                  }
                }
              },
              "components": {
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                "schemas": {
                  "TextsRequest": {"type": "object", "required": ["texts"], "additionalProperties": false,
                    "properties": {"texts": {"type": "array", "minItems": 1, "items": {"type": "string"}}}},
                  "ImagesRequest": {"type": "object", "required": ["images"], "additionalProperties": false,
                    "properties": {"images": {"type": "array", "minItems": 1,
                      "items": {"type": "string", "description": "base64 of an image file, optionally as a data: URL"}}}},
                  "ClassifyRequest": {"type": "object", "required": ["images", "labels"], "additionalProperties": false,
                    "properties": {
                      "images": {"type": "array", "minItems": 1, "items": {"type": "string", "description": "base64 of an image file"}},
                      "labels": {"type": "array", "minItems": 1, "items": {"type": "string"}, "uniqueItems": true},
                      "templates": {"type": "array", "minItems": 1, "items": {"type": "string", "description": "holds {} where the label goes"}},
                      "top_k": {"type": "integer", "minimum": 1, "default": 5}}},
                  "Embeddings": {"type": "object", "required": ["embeddings", "model", "dim"],
                    "properties": {
                      "embeddings": {"type": "array", "items": {"type": "array", "items": {"type": "number"}}},
                      "model": {"type": "string"},
                      "dim": {"type": "integer"}}},
                  "Prediction": {"type": "object", "properties": {
                    "label": {"type": "string"}, "score": {"type": "number", "description": "softmax probability"},
                    "cosine": {"type": "number"}}},
                  "Classifications": {"type": "object", "properties": {
                    "results": {"type": "array", "items": {"type": "object", "properties": {
                      "image": {"type": "string"},
                      "predictions": {"type": "array", "items": {"$ref": "#/components/schemas/Prediction"}}}}},
                    "model": {"type": "string"}}},
                  "Model": {"type": "object", "properties": {
                    "model": {"type": "string"}, "dim": {"type": "integer"}, "image_size": {"type": "integer"},
                    "context_length": {"type": "integer"}, "device": {"type": "string"}, "dtype": {"type": "string"},
                    "logit_scale": {"type": "number"}, "max_batch": {"type": "integer"}, "max_wait_ms": {"type": "integer"},
                    "max_items": {"type": "integer"}, "config": {"type": "object"}}},
                  "Health": {"type": "object", "properties": {"status": {"type": "string", "enum": ["ready", "loading", "stopping"]}}},
                  "Error": {"type": "object", "required": ["error", "detail"], "properties": {
                    "error": {"type": "string", "description": "stable code, e.g. malformed_json, too_many_items, invalid_image, overloaded"},
                    "detail": {"type": "string"}}}
                },
                "responses": {
                  "BadRequest": {"description": "malformed_json, invalid_request, empty_input, too_many_items, text_too_long, invalid_image, invalid_base64, malformed_multipart, unreadable_body",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "Unauthorized": {"description": "unauthorized: missing or unknown bearer token",
                    "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "TooLarge": {"description": "body_too_large or image_too_large",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "UnsupportedMediaType": {"description": "unsupported_media_type",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "Overloaded": {"description": "overloaded: the queue (or the decoded-pixel budget) is full; retry after Retry-After seconds",
                    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "Unavailable": {"description": "loading, timeout or shutting_down",
                    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              }
            }
            """;
}
