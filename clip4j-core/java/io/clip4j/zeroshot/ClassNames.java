package io.clip4j.zeroshot;

import io.clip4j.ClipException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists of class names: reading them from a file, and turning a list whose names repeat (the
 * CLIP ImageNet list has two "missile" and two "sunglasses" classes) into distinct labels.
 */
public final class ClassNames {
    private ClassNames() {
    }

    /**
     * Reads class names from a UTF-8 file: one per line (blank lines and {@code #} comments
     * skipped, whitespace trimmed), a JSON array of strings, or a JSON object with a
     * {@code "classes"} (or {@code "labels"}) array of strings, such as
     * {@code testdata/prompts/imagenet-prompts.json}. Names may repeat; see {@link #unique(List)}.
     *
     * @throws PromptFileException naming the file and the line or field at fault, if the file is
     *     missing or unreadable, malformed JSON, holds no names, or a JSON name is blank
     */
    public static List<String> read(Path file) {
        List<String> names = new ArrayList<>();
        for (TextListFile.Entry entry : TextListFile.read(file, List.of("classes", "labels"))) {
            if (entry.text().isBlank()) {
                throw new PromptFileException(file, entry.where() + ": class name is blank");
            }
            names.add(entry.text());
        }
        if (names.isEmpty()) {
            throw new PromptFileException(file, "holds no class names");
        }
        return List.copyOf(names);
    }

    /**
     * Distinct labels for {@code names}, in the same order: the first occurrence of a name keeps
     * it, later ones get {@code " (2)"}, {@code " (3)"}… appended (skipping any suffix that is
     * already some other name). Use the result as labels and the original list as prompt names:
     * {@code ZeroShotClassifier.create(model, ClassNames.unique(names), names, templates)}.
     *
     * @throws ClipException if the list or a name is null
     */
    public static List<String> unique(List<String> names) {
        if (names == null) {
            throw new ClipException("class names must not be null");
        }
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) == null) {
                throw new ClipException("class name " + i + " is null");
            }
            taken.add(names.get(i));
        }
        Set<String> used = new HashSet<>();
        Map<String, Integer> nextSuffix = new HashMap<>();
        List<String> labels = new ArrayList<>(names.size());
        for (String name : names) {
            String label = name;
            if (!used.add(label)) {
                int k = nextSuffix.getOrDefault(name, 2);
                do {
                    label = name + " (" + k++ + ")";
                } while (taken.contains(label) || used.contains(label));
                nextSuffix.put(name, k);
                used.add(label);
            }
            labels.add(label);
        }
        return List.copyOf(labels);
    }
}
