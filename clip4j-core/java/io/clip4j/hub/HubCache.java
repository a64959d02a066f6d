package io.clip4j.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The hub cache as {@code huggingface_hub} lays it out, so both clients share it:
 * {@code models--OWNER--NAME/blobs/ETAG} holds each file's bytes once,
 * {@code snapshots/COMMIT/NAME} links to the blob (relative symlinks; a copy where the file system
 * has none), and {@code refs/REVISION} holds the commit a branch or tag pointed to.
 * A partial download is {@code blobs/ETAG.incomplete}, resumed from its length.
 */
final class HubCache {
    private final Path root;

    HubCache(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path repoFolder(String repo) {
        return root.resolve("models--" + repo.replace("/", "--"));
    }

    Path blob(String repo, String etag) {
        return repoFolder(repo).resolve("blobs").resolve(etag);
    }

    Path incomplete(String repo, String etag) {
        return repoFolder(repo).resolve("blobs").resolve(etag + ".incomplete");
    }

    Path snapshot(String repo, String commit) {
        return repoFolder(repo).resolve("snapshots").resolve(commit);
    }

    /** The commit {@code refs/REVISION} names; huggingface_hub writes it without a newline. */
    Optional<String> commitOf(String repo, String revision) {
        Path ref = repoFolder(repo).resolve("refs").resolve(revision);
        try {
            return Files.isRegularFile(ref) ? Optional.of(Files.readString(ref, StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException e) {
            throw cacheError(ref, e);
        }
    }

    /** Writes {@code refs/REVISION} atomically (a temporary file moved into place). */
    void writeRef(String repo, String revision, String commit) {
        Path ref = repoFolder(repo).resolve("refs").resolve(revision);
        try {
            Files.createDirectories(ref.getParent());
            Path tmp = Files.createTempFile(ref.getParent(), ".ref", ".tmp");
            Files.writeString(tmp, commit, StandardCharsets.UTF_8);
            Files.move(tmp, ref, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw cacheError(ref, e);
        }
    }

    /** Points {@code snapshots/COMMIT/NAME} at the blob: a relative symlink, or a copy where links fail. */
    Path link(String repo, String commit, String name, String etag) {
        Path target = snapshot(repo, commit).resolve(name);
        Path blob = blob(repo, etag);
        try {
            Files.createDirectories(target.getParent());
            Path relative = target.getParent().relativize(blob);
            if (Files.isSymbolicLink(target) && Files.readSymbolicLink(target).equals(relative)) {
                return target;
            }
            Files.deleteIfExists(target);
            try {
                Files.createSymbolicLink(target, relative);
            } catch (UnsupportedOperationException | FileSystemException noLinks) {
                Files.copy(blob, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw cacheError(target, e);
        }
    }

    /** The files of a snapshot folder, as names relative to it, sorted. */
    List<String> filesOf(Path snapshot) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(snapshot)) {
            walk.filter(Files::isRegularFile).forEach(p -> names.add(snapshot.relativize(p).toString()));
        } catch (IOException e) {
            throw cacheError(snapshot, e);
        }
        names.sort(null);
        return names;
    }

    static HubException cacheError(Path file, IOException e) {
        String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            cause = fs.getReason();
        }
        return new HubException(HubException.Reason.CACHE, "writing the hub cache at " + file + ": " + cause, e);
    }
}
