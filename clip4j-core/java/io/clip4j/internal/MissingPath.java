package io.clip4j.internal;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Why a path that was named cannot be found, in words that follow its name. */
public final class MissingPath {
    private MissingPath() {
    }

    /**
     * {@code "does not exist"}, or, for a symbolic link whose target is missing or which loops back
     * through itself ({@code selfloop -> selfloop}), what the link does: "does not exist" misled there.
     */
    public static String describe(Path path) {
        if (Files.isSymbolicLink(path)) {
            try {
                Path target = Files.readSymbolicLink(path);
                return Files.exists(path.resolveSibling(target), LinkOption.NOFOLLOW_LINKS)
                        ? "is a symbolic link that loops (-> " + target + ")"
                        : "is a symbolic link to " + target + ", which does not exist";
            } catch (java.io.IOException e) {
                return "is a symbolic link that cannot be followed";
            }
        }
        return "does not exist";
    }
}
