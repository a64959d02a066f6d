package io.clip4j.moderation;

import java.util.Locale;

/**
 * What a policy asks the application to do with an image that a category flags, from mild to
 * severe. clip4j only reports it; acting on it is the application's job. When several
 * categories flag an image, the most severe action is the image's.
 */
public enum Action {
    /** Nothing was flagged (never written in a policy). */
    NONE,
    /** Let it through but note it. */
    WARN,
    /** Hold it for a person to look at. */
    REVIEW,
    /** Show it blurred or behind a click-through. */
    BLUR,
    /** Do not show it. */
    BLOCK;

    /**
     * The lower-case name used in policies and output.
     *
     * @return e.g. {@code review}
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The more severe of two actions.
     *
     * @param other another action
     * @return this or {@code other}
     */
    public Action max(Action other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /**
     * Parses a policy's action name.
     *
     * @param text {@code warn}, {@code review}, {@code blur} or {@code block}, in any case
     * @return the action, or null when {@code text} names none of them
     */
    static Action parsePolicyAction(String text) {
        for (Action a : values()) {
            if (a != NONE && a.id().equalsIgnoreCase(text.strip())) {
                return a;
            }
        }
        return null;
    }
}
