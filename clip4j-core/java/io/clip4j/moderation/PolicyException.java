package io.clip4j.moderation;

import io.clip4j.ClipException;

/**
 * A moderation policy is malformed: not JSON, a field missing, of the wrong type, out of range,
 * repeated or unknown. The message names the policy (its file) and the field as a JSON path,
 * e.g. {@code policy.json: categories[2].threshold: must be a number in [0, 1] ...}.
 */
public class PolicyException extends ClipException {
    private static final long serialVersionUID = 1L;

    /** The field at fault, as {@link #field()} returns it. */
    private final String field;

    /**
     * Creates the exception.
     *
     * @param source the policy's name for messages (its file, or {@code policy})
     * @param field the JSON path of the field at fault, or null for the whole document
     * @param problem what is wrong with it
     */
    public PolicyException(String source, String field, String problem) {
        super(source + ": " + (field == null ? "" : field + ": ") + problem);
        this.field = field;
    }

    /**
     * Creates the exception with the error that caused it.
     *
     * @param source the policy's name for messages
     * @param field the JSON path of the field at fault, or null
     * @param problem what is wrong with it
     * @param cause the parser's error
     */
    public PolicyException(String source, String field, String problem, Throwable cause) {
        super(source + ": " + (field == null ? "" : field + ": ") + problem, cause);
        this.field = field;
    }

    /**
     * The JSON path of the field at fault.
     *
     * @return e.g. {@code categories[2].threshold}, or null when the document itself is at fault
     */
    public String field() {
        return field;
    }
}
