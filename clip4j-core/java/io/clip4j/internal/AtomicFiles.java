package io.clip4j.internal;

import io.clip4j.BadFileException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The rule for outputs clip4j writes beside their target and then renames into place: the rename
 * would replace whatever the target is, so a target that exists and is not a regular file (a device
 * such as {@code /dev/full}, a pipe, a directory, a symbolic link) is refused before anything is written.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** @throws BadFileException naming {@code target} when it exists and is not a regular file */
    public static void requireReplaceable(Path target) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            String kind = Files.isSymbolicLink(target) ? "a symbolic link" : Files.isDirectory(target) ? "a directory"
                    : "not a regular file (a device or a pipe)";
            throw new BadFileException(target, "exists and is " + kind + "; clip4j writes its outputs whole and renames them "
                    + "into place, which would replace it: give the path of a regular file");
        }
    }
}
