package io.clip4j.bench;

import io.clip4j.ClipException;
import io.clip4j.model.ClipConfig;
import io.clip4j.model.TextConfig;
import io.clip4j.model.VisionConfig;
import java.util.Arrays;

/**
 * The released CLIP shapes a benchmark can build with random weights (no download), and which
 * tower it times: {@code ViT-*} the vision tower, {@code text-*} the text tower.
 */
public enum Architecture {
    VIT_B_32("ViT-B-32", false, b(32)),
    VIT_B_16("ViT-B-16", false, b(16)),
    VIT_L_14("ViT-L-14", false, new ClipConfig(
            new TextConfig(768, 12, 12, 3072, 77, 49408, "quick_gelu", 1e-5, TextConfig.LEGACY_EOS_TOKEN_ID),
            new VisionConfig(1024, 24, 16, 4096, 224, 14, 3, "quick_gelu", 1e-5), 768, 2.6592)),
    TEXT_B_32("text-B-32", true, b(32));

    private final String displayName;
    private final boolean text;
    private final ClipConfig config;

    Architecture(String displayName, boolean text, ClipConfig config) {
        this.displayName = displayName;
        this.text = text;
        this.config = config;
    }

    private static ClipConfig b(int patch) {
        return new ClipConfig(TextConfig.defaults(),
                new VisionConfig(768, 12, 12, 3072, 224, patch, 3, "quick_gelu", 1e-5), 512, 2.6592);
    }

    /** The name used on the command line, e.g. {@code ViT-B-32}. */
    public String displayName() {
        return displayName;
    }

    /** True when the benchmark times the text tower. */
    public boolean timesText() {
        return text;
    }

    /** The model's shapes. */
    public ClipConfig config() {
        return config;
    }

    /** Looks up a name such as {@code ViT-B-32} (case-insensitive). */
    public static Architecture parse(String name) {
        for (Architecture a : values()) {
            if (a.displayName.equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new ClipException("unknown architecture '" + name + "'; known: "
                + Arrays.stream(values()).map(Architecture::displayName).toList());
    }
}
