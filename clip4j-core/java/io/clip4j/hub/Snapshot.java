package io.clip4j.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * A model repository at one commit, in the hub cache: {@code folder} is
 * {@code models--OWNER--NAME/snapshots/COMMIT}, which {@link io.clip4j.ClipModel#load(Path)} reads.
 *
 * @param repo the repository id, {@code OWNER/NAME}
 * @param revision what was asked for (a branch, tag or commit)
 * @param commit the 40-hex commit it resolved to
 * @param folder the snapshot folder
 * @param files the files fetched into it, relative names
 * @param bytes their total size
 * @param downloadedBytes how many of those bytes came over the network this time (0 when all were cached)
 */
public record Snapshot(String repo, String revision, String commit, Path folder, List<String> files, long bytes,
                       long downloadedBytes) {
    public Snapshot {
        files = List.copyOf(files);
    }
}
