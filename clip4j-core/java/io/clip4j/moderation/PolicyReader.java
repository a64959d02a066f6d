package io.clip4j.moderation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a moderation policy from JSON and checks it, naming the file and the field at fault:
 *
 * <pre>{@code
 * {
 *   "name": "my-policy",
 *   "description": "calibrated on 2,000 labelled uploads with ViT-B/32",
 *   "calibrated": true,
 *   "categories": [
 *     {"name": "weapons", "prompts": ["a photo of a gun", "a photo of a rifle"],
 *      "negative_prompts": ["a photo of a toy water pistol"], "threshold": 0.6, "action": "review"}
 *   ]
 * }
 * }</pre>
 *
 * {@code name} (default: the file's name), {@code description} and {@code calibrated} (default
 * false) are optional, as is {@code negative_prompts}. Unknown and repeated fields are errors, so
 * that a misspelt {@code "treshold"} cannot be ignored silently.
 */
public final class PolicyReader {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> TOP_FIELDS = Set.of("name", "description", "calibrated", "categories");
    private static final Set<String> CATEGORY_FIELDS = Set.of("name", "prompts", "negative_prompts", "threshold", "action");

    private PolicyReader() {
    }

    /**
     * Reads and checks a policy file.
     *
     * @param file a JSON policy
     * @return the policy, checked
     * @throws PolicyException naming the file and the field at fault, or saying why it cannot be read
     */
    public static ModerationPolicy read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new PolicyException(file.toString(), null, Files.exists(file) ? "cannot be read: " + e.getMessage()
                    : "does not exist", e);
        }
        String name = file.getFileName() == null ? "policy" : file.getFileName().toString().replaceFirst("\\.json$", "");
        return parse(text, file.toString(), name);
    }

    /**
     * Parses and checks a policy held in a string.
     *
     * @param json the policy
     * @param source its name in messages (a file name, {@code request})
     * @param defaultName the policy's name when it has no {@code name} field
     * @return the policy, checked
     * @throws PolicyException naming {@code source} and the field at fault
     */
    public static ModerationPolicy parse(String json, String source, String defaultName) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new PolicyException(source, null, "is not valid JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PolicyException(source, null, "must be a JSON object with a 'categories' array");
        }
        checkFields(source, "", root, TOP_FIELDS);
        String name = optionalString(source, "name", root.get("name"), defaultName);
        String description = optionalString(source, "description", root.get("description"), "");
        JsonNode calibratedNode = root.get("calibrated");
        if (calibratedNode != null && !calibratedNode.isBoolean()) {
            throw new PolicyException(source, "calibrated", "must be true or false, not " + calibratedNode);
        }
        JsonNode categoriesNode = root.get("categories");
        if (categoriesNode == null || !categoriesNode.isArray()) {
            throw new PolicyException(source, "categories", categoriesNode == null ? "is missing"
                    : "must be an array of categories, not " + kind(categoriesNode));
        }
        List<PolicyCategory> categories = new ArrayList<>();
        for (int i = 0; i < categoriesNode.size(); i++) {
            categories.add(category(source, "categories[" + i + "]", categoriesNode.get(i)));
        }
        return new ModerationPolicy(name, description, calibratedNode != null && calibratedNode.booleanValue(),
                categories).validate(source);
    }

    private static PolicyCategory category(String source, String at, JsonNode node) {
        if (!node.isObject()) {
            throw new PolicyException(source, at, "must be an object, not " + kind(node));
        }
        checkFields(source, at + ".", node, CATEGORY_FIELDS);
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual()) {
            throw new PolicyException(source, at + ".name", name == null ? "is missing" : "must be a string, not " + kind(name));
        }
        List<String> prompts = strings(source, at + ".prompts", node.get("prompts"), true);
        List<String> negatives = strings(source, at + ".negative_prompts", node.get("negative_prompts"), false);
        JsonNode threshold = node.get("threshold");
        if (threshold == null || !threshold.isNumber()) {
            throw new PolicyException(source, at + ".threshold", threshold == null ? "is missing"
                    : "must be a number, not " + kind(threshold));
        }
        JsonNode actionNode = node.get("action");
        if (actionNode == null || !actionNode.isTextual()) {
            throw new PolicyException(source, at + ".action", actionNode == null ? "is missing"
                    : "must be a string, not " + kind(actionNode));
        }
        Action action = Action.parsePolicyAction(actionNode.asText());
        if (action == null) {
            throw new PolicyException(source, at + ".action", "must be one of warn, review, blur, block, not '"
                    + actionNode.asText() + "'");
        }
        return new PolicyCategory(name.asText(), prompts, negatives, threshold.doubleValue(), action);
    }

    private static List<String> strings(String source, String at, JsonNode node, boolean required) {
        if (node == null) {
            if (required) {
                throw new PolicyException(source, at, "is missing");
            }
            return List.of();
        }
        if (!node.isArray()) {
            throw new PolicyException(source, at, "must be an array of strings, not " + kind(node));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                throw new PolicyException(source, at + "[" + i + "]", "must be a string, not " + kind(item));
            }
            out.add(item.asText());
        }
        return out;
    }

    private static String optionalString(String source, String at, JsonNode node, String fallback) {
        if (node == null) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new PolicyException(source, at, "must be a string, not " + kind(node));
        }
        return node.asText();
    }

    private static void checkFields(String source, String prefix, JsonNode object, Set<String> allowed) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!allowed.contains(field)) {
                throw new PolicyException(source, prefix + field, "is not a known field; allowed here: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "the string " + node;
            case NULL -> "null";
            default -> node.toString();
        };
    }
}
