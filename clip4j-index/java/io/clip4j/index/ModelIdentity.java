package io.clip4j.index;

import io.clip4j.ClipModel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which embedding space an index's vectors live in: the model's name and directory (for
 * messages), a fingerprint of its files (what decides whether two models are the same) and the
 * embedding size. Two identities are {@linkplain #compatibleWith compatible} when their sizes and
 * fingerprints are equal, wherever the model directory lies or however it is named.
 *
 * @param name the model directory's own name, e.g. {@code clip-vit-base-patch32}
 * @param directory the model directory's absolute path when the index was built
 * @param fingerprint {@link ModelFingerprint}'s hex digest of the model files
 * @param dim the embedding size ({@code projection_dim})
 */
public record ModelIdentity(String name, String directory, String fingerprint, int dim) {
    /** Checks the fields. */
    public ModelIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (dim < 1) {
            throw new IllegalArgumentException("embedding size must be positive, not " + dim);
        }
    }

    /**
     * The identity of a loaded model: its directory, the fingerprint of that directory's files
     * and its projection size.
     *
     * @param model an open model
     * @return its identity
     */
    public static ModelIdentity of(ClipModel model) {
        Path dir = model.directory().toAbsolutePath().normalize();
        Path fileName = dir.getFileName();
        return new ModelIdentity(fileName == null ? dir.toString() : fileName.toString(), dir.toString(),
                ModelFingerprint.of(dir), model.config().projectionDim());
    }

    /**
     * Whether vectors of this model can be compared with vectors of {@code other}.
     *
     * @param other another identity
     * @return true when the embedding sizes and fingerprints are equal
     */
    public boolean compatibleWith(ModelIdentity other) {
        return dim == other.dim && fingerprint.equals(other.fingerprint);
    }

    /**
     * The first 12 hex digits of the fingerprint, for messages.
     *
     * @return a short prefix of {@link #fingerprint()}
     */
    public String shortFingerprint() {
        return fingerprint.length() <= 12 ? fingerprint : fingerprint.substring(0, 12);
    }
}
