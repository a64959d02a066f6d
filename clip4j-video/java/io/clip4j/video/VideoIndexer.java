package io.clip4j.video;

import io.clip4j.ClipModel;
import io.clip4j.index.BuildListener;
import io.clip4j.index.BuildReport;
import io.clip4j.index.IndexedFile;
import io.clip4j.index.InputFiles;
import io.clip4j.index.MediaFragment;
import io.clip4j.index.ModelIdentity;
import io.clip4j.index.VectorStoreWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Indexes videos as shots: one document per shot, keyed by the video's path and the shot's time
 * range ({@link MediaFragment}), with the shot's mean embedding, in any store
 * ({@code clip4j-index}'s Lucene directory or PostgreSQL with pgvector). Needs {@code clip4j-index}
 * on the class path (an optional dependency of this module).
 *
 * <ul>
 *   <li>A video whose size and time equal the indexed ones is skipped unread; otherwise it is
 *       hashed, and skipped when the hash is the indexed one.</li>
 *   <li>A new or changed video is decoded and embedded ({@link VideoClassifier#shotsOnly}); its
 *       old shots are deleted and the new ones added in the same commit, so a killed build
 *       leaves each video either as it was or fully replaced.</li>
 *   <li>Up to {@code parallelVideos} videos are decoded and embedded at once (the model is
 *       shared); the store is written on the calling thread, in input order.</li>
 *   <li>Indexed videos under an input directory that are gone are deleted, as are those that
 *       can no longer be opened. A video damaged part-way keeps the shots before the damage and is
 *       reported as failed.</li>
 * </ul>
 */
public final class VideoIndexer {
    private final ClipModel model;
    private final VideoClassifier.Options options;
    private final int parallelVideos;
    private final boolean rehash;

    /**
     * @param options sampling, shot threshold and batch size ({@code topK} is unused)
     * @param parallelVideos videos decoded at once
     * @param rehash hash every video instead of trusting unchanged size and modification time
     */
    public VideoIndexer(ClipModel model, VideoClassifier.Options options, int parallelVideos, boolean rehash) {
        if (parallelVideos < 1) {
            throw new IllegalArgumentException("parallel videos must be at least 1, not " + parallelVideos);
        }
        this.model = model;
        this.options = options;
        this.parallelVideos = parallelVideos;
        this.rehash = rehash;
    }

    /**
     * Brings the shots of the videos under {@code inputs} (video files, and directories walked for
     * {@link VideoFiles#EXTENSIONS}) up to date in {@code writer}; commits after each video.
     *
     * @return counts in videos, and the store's documents (images and shots) at the end
     */
    public BuildReport build(VectorStoreWriter writer, List<Path> inputs, BuildListener listener) {
        long startNanos = System.nanoTime();
        writer.metadata().requireModel(writer.location(), ModelIdentity.of(model));
        Map<String, List<String>> shotsByVideo = new LinkedHashMap<>();
        Map<String, IndexedFile> statByVideo = new LinkedHashMap<>();
        for (Map.Entry<String, IndexedFile> e : writer.files().entrySet()) {
            MediaFragment f = MediaFragment.parse(e.getKey());
            if (f != null) {
                shotsByVideo.computeIfAbsent(f.file(), k -> new ArrayList<>()).add(e.getKey());
                statByVideo.put(f.file(), e.getValue());
            }
        }
        Counts counts = new Counts();
        InputFiles scan = InputFiles.scan(inputs, VideoFiles::list);
        for (InputFiles.Refused missing : scan.missing()) {
            counts.failed++;
            listener.failed(missing.path().toString(), missing.message());
        }
        Set<String> found = new HashSet<>();
        List<Path> toRead = new ArrayList<>();
        for (Path video : scan.files()) {
            found.add(video.toString());
            IndexedFile known = statByVideo.get(video.toString());
            if (known != null && !rehash && sameStat(video, known)) {
                counts.unchanged++;
            } else {
                toRead.add(video);
            }
        }
        List<String> gone = shotsByVideo.keySet().stream().filter(v -> !found.contains(v) && scan.covers(v)).toList();
        listener.planned(scan.files().size(), toRead.size(), gone.size());
        for (String video : gone) {
            shotsByVideo.get(video).forEach(writer::delete);
            counts.removed++;
        }
        if (!gone.isEmpty()) {
            writer.commit();
            listener.committed(writer.documentCount());
        }
        InputOrder.forEach(toRead, parallelVideos, "clip4j-video-index",
                video -> shots(video, statByVideo.get(video.toString())), (video, shots) -> {
                    write(writer, video, shots, shotsByVideo.getOrDefault(video.toString(), List.of()), counts, listener);
                    listener.progressed(1);
                });
        return new BuildReport(counts.added, counts.updated, counts.unchanged, counts.removed, counts.failed,
                writer.documentCount(), (System.nanoTime() - startNanos) / 1e9);
    }

    /** What one video came to, on a decoder thread: its file as read now, and its shots or why there are none. */
    private record Shots(IndexedFile file, boolean sameBytes, List<VideoSegment> segments, String error) {
    }

    private Shots shots(Path video, IndexedFile known) {
        IndexedFile file;
        try {
            file = new IndexedFile(video.toString(), IndexedFile.sha256Of(video), Files.size(video),
                    Files.getLastModifiedTime(video).toMillis());
        } catch (IOException e) {
            return new Shots(null, false, List.of(), video + ": cannot be read: " + e.getMessage());
        }
        if (known != null && known.sha256().equals(file.sha256())) {
            return new Shots(file, true, List.of(), null);
        }
        try {
            VideoClassifier.Result r = VideoClassifier.shotsOnly(model, options).classify(VideoSource.file(video));
            return new Shots(file, false, r.segments(), r.stoppedEarly() == null ? null : video + ": " + r.stoppedEarly());
        } catch (VideoException e) {
            return new Shots(file, false, List.of(), e.getMessage());
        }
    }

    private static void write(VectorStoreWriter writer, Path video, Shots shots, List<String> oldKeys, Counts counts,
                              BuildListener listener) {
        if (shots.sameBytes()) {
            counts.unchanged++;
            for (String key : oldKeys) { // same bytes, new size or time: keep the vectors, record the new stat
                float[] vector = writer.vector(key);
                if (vector != null) {
                    writer.put(new IndexedFile(key, shots.file().sha256(), shots.file().size(), shots.file().modifiedMillis()), vector);
                }
            }
        } else {
            oldKeys.forEach(writer::delete);
            for (VideoSegment s : shots.segments()) {
                String key = new MediaFragment(video.toString(), s.start(), s.end()).key();
                writer.put(new IndexedFile(key, shots.file().sha256(), shots.file().size(), shots.file().modifiedMillis()),
                        s.embedding());
            }
            if (shots.error() != null) {
                counts.failed++;
                listener.failed(video.toString(), shots.error());
                if (shots.segments().isEmpty() && !oldKeys.isEmpty()) {
                    counts.removed++;
                }
            } else if (oldKeys.isEmpty()) {
                counts.added++;
            } else {
                counts.updated++;
            }
        }
        writer.commit();
        listener.committed(writer.documentCount());
    }

    private static boolean sameStat(Path video, IndexedFile indexed) {
        try {
            return Files.size(video) == indexed.size() && Files.getLastModifiedTime(video).toMillis() == indexed.modifiedMillis();
        } catch (IOException e) {
            return false;
        }
    }

    private static final class Counts {
        int added;
        int updated;
        int unchanged;
        int removed;
        int failed;
    }
}
