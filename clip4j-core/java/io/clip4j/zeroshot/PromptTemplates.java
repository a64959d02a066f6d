package io.clip4j.zeroshot;

import io.clip4j.ClipException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable, non-empty list of prompt templates, each holding the placeholder {@code {}}
 * where a class label goes ({@code "a photo of a {}."}). A classifier embeds every template
 * filled with a label and averages the results into that label's class vector (the CLIP
 * paper's prompt ensemble).
 *
 * <p>Two instances with the same templates in the same order are equal, so they make the same
 * {@link ClassifierCache} key.
 */
public final class PromptTemplates {
    /** The placeholder a template holds for the label. */
    public static final String PLACEHOLDER = "{}";
    /**
     * The file in a model folder that holds the model's own templates, in any form
     * {@link #read} accepts (usually one per line): a model fine-tuned on one kind of image
     * (X-rays, product shots) is best prompted the way it was trained, not with photo templates.
     */
    public static final String MODEL_FILE = "templates.txt";

    private static final PromptTemplates DEFAULTS = new PromptTemplates(List.of(
            "a photo of a {}.",
            "a blurry photo of a {}.",
            "a close-up photo of a {}.",
            "a photo of a {} taken from far away.",
            "a low-light photo of a {}.",
            "a photo showing part of a {}.",
            "an illustration of a {}.",
            "a picture of a {}."));

    private static final PromptTemplates NONE = new PromptTemplates(List.of(PLACEHOLDER));

    private final List<String> templates;

    private PromptTemplates(List<String> templates) {
        this.templates = List.copyOf(templates);
    }

    /**
     * This project's general-purpose set of eight photo templates ({@code "a photo of a {}."},
     * {@code "a blurry photo of a {}."}, {@code "a close-up photo of a {}."}, …): a cheap
     * ensemble that is usually better than one template for photographs.
     */
    public static PromptTemplates defaults() {
        return DEFAULTS;
    }

    /**
     * The templates a model folder asks for: its {@value #MODEL_FILE} when it has one, else
     * {@link #defaults()}. The file is read on every call; callers that classify repeatedly keep
     * the result.
     *
     * @throws ClipException if {@code modelDir} is null
     * @throws PromptFileException naming the file and line when {@value #MODEL_FILE} exists but
     *     cannot be used (unreadable, no template, a template without {@code {}})
     */
    public static PromptTemplates forModel(Path modelDir) {
        if (modelDir == null) {
            throw new ClipException("model directory must not be null");
        }
        Path file = modelDir.resolve(MODEL_FILE);
        return java.nio.file.Files.exists(file) ? read(file) : defaults();
    }

    /**
     * One template.
     *
     * @throws ClipException if {@code template} is null or has no {@code {}}
     */
    public static PromptTemplates single(String template) {
        return of(java.util.Collections.singletonList(template));
    }

    /** No template: each label is its own prompt (equal to {@code single("{}")}). */
    public static PromptTemplates none() {
        return NONE;
    }

    /**
     * The given templates, in order.
     *
     * @throws ClipException if the list is null or empty, or a template is null or has no {@code {}}
     */
    public static PromptTemplates of(List<String> templates) {
        if (templates == null || templates.isEmpty()) {
            throw new ClipException("prompt templates must not be empty");
        }
        for (int i = 0; i < templates.size(); i++) {
            String problem = problem(templates.get(i));
            if (problem != null) {
                throw new ClipException("template " + i + " " + problem);
            }
        }
        return new PromptTemplates(templates);
    }

    /**
     * Reads templates from a UTF-8 file in one of three forms:
     * <ul>
     *   <li>one template per line; blank lines and lines starting with {@code #} are skipped and
     *       surrounding whitespace is trimmed;</li>
     *   <li>a JSON array of strings: {@code ["a photo of a {}.", "a drawing of a {}."]};</li>
     *   <li>a JSON object with a {@code "templates"} array of strings (other fields, such as a
     *       {@code "classes"} list, are ignored).</li>
     * </ul>
     * A file whose first non-blank character is {@code [} or <code>{</code> is read as JSON.
     *
     * @throws PromptFileException naming the file and the line or field at fault, if the file is
     *     missing or unreadable, malformed JSON, holds no template, or a template has no {@code {}}
     */
    public static PromptTemplates read(Path file) {
        List<String> templates = new ArrayList<>();
        for (TextListFile.Entry entry : TextListFile.read(file, List.of("templates"))) {
            String problem = problem(entry.text());
            if (problem != null) {
                throw new PromptFileException(file, entry.where() + ": template " + problem);
            }
            templates.add(entry.text());
        }
        if (templates.isEmpty()) {
            throw new PromptFileException(file, "holds no templates");
        }
        return new PromptTemplates(templates);
    }

    /**
     * The prompts for {@code label}: every template with each {@code {}} replaced by the label,
     * in template order.
     *
     * @throws ClipException if {@code label} is null
     */
    public List<String> prompts(String label) {
        if (label == null) {
            throw new ClipException("label must not be null");
        }
        List<String> prompts = new ArrayList<>(templates.size());
        for (String template : templates) {
            prompts.add(template.replace(PLACEHOLDER, label));
        }
        return List.copyOf(prompts);
    }

    /** The templates, in order (unmodifiable). */
    public List<String> templates() {
        return templates;
    }

    /** How many templates there are (at least one). */
    public int size() {
        return templates.size();
    }

    /** Equal when the templates are equal, in the same order. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PromptTemplates p && p.templates.equals(templates);
    }

    @Override
    public int hashCode() {
        return templates.hashCode();
    }

    @Override
    public String toString() {
        return "PromptTemplates" + templates;
    }

    /** Why {@code template} is unusable, or null if it is fine. */
    private static String problem(String template) {
        if (template == null) {
            return "is null";
        }
        if (!template.contains(PLACEHOLDER)) {
            return "'" + template + "' has no " + PLACEHOLDER + " placeholder for the label";
        }
        return null;
    }
}
