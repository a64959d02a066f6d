package io.clip4j.moderation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A moderation verdict as JSON fields, the same for the CLI's lines and the server's answers. */
public final class ModerationJson {
    private ModerationJson() {
    }

    /** Adds {@code action}, {@code flagged} (category, score, threshold, action) and {@code scores} to {@code node}. */
    public static ObjectNode describe(ObjectNode node, ModerationResult result) {
        node.put("action", result.action().id());
        var flagged = node.putArray("flagged");
        var scores = node.putObject("scores");
        for (CategoryScore s : result.scores()) {
            scores.put(s.category(), (float) s.score());
            if (s.flagged()) {
                flagged.addObject().put("category", s.category()).put("score", (float) s.score())
                        .put("threshold", (float) s.threshold()).put("action", s.action().id());
            }
        }
        return node;
    }
}
