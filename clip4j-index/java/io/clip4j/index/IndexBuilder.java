package io.clip4j.index;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.image.ImageDecodeException;
import io.clip4j.image.ImageDecoder;
import io.clip4j.pipeline.ImageEmbeddingPipeline;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds or brings up to date an image index: lists the image files under the inputs, compares
 * them with what the index holds, and embeds only what is new or changed.
 *
 * <ul>
 *   <li>A file whose size and modification time equal the indexed ones is skipped without being
 *       read (unless {@link BuildOptions#rehash()}); otherwise it is read and hashed, and skipped
 *       when the SHA-256 equals the indexed one (its new time is recorded).</li>
 *   <li>New and changed files go through the files-to-embeddings engine,
 *       {@link ImageEmbeddingPipeline}: read, hashed and decoded on {@link BuildOptions#loadThreads()}
 *       threads while the previous batch is embedded (on a GPU through pinned memory and a copy
 *       stream), then added or replaced by path. Each file is read once.</li>
 *   <li>Indexed files under an input directory (or named as an input) that are gone are deleted;
 *       so is an indexed file that changed and can no longer be decoded. Files outside the
 *       inputs are left alone.</li>
 *   <li>Documents keyed as a stretch of a video ({@link MediaFragment}) are left alone: they
 *       belong to the video module's builder.</li>
 *   <li>The build commits every {@link BuildOptions#commitEvery()} changes and at the end. A
 *       build that is killed leaves the last commit; running it again skips what that commit
 *       holds and does the rest, without duplicates (documents are keyed by path).</li>
 * </ul>
 */
public final class IndexBuilder {
    private final ClipModel model;
    private final BuildOptions options;

    /**
     * A builder that embeds with {@code model}.
     *
     * @param model an open model (not closed by the builder)
     * @param options batch size, commit interval, threads, hashing, similarity
     */
    public IndexBuilder(ClipModel model, BuildOptions options) {
        this.model = Objects.requireNonNull(model, "model");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Builds or updates the index in {@code indexDir} from the image files under {@code inputs}.
     *
     * @param indexDir the index directory (created when missing)
     * @param inputs image files and directories (walked recursively)
     * @param listener progress and per-file failures
     * @return what was done
     * @throws IndexMismatchException if the index was built with another model
     * @throws IndexException if the index cannot be opened or written
     */
    public BuildReport build(Path indexDir, List<Path> inputs, BuildListener listener) {
        return build(indexDir.toString(), inputs, listener);
    }

    /**
     * Builds or updates the index at {@code location} (a directory, or a JDBC URL of a store
     * whose module is on the class path; see {@link VectorStores}) from the image files under
     * {@code inputs}.
     *
     * @param location where the index is (created when missing)
     * @param inputs image files and directories (walked recursively)
     * @param listener progress and per-file failures
     * @return what was done
     * @throws IndexMismatchException if the index was built with another model
     */
    public BuildReport build(String location, List<Path> inputs, BuildListener listener) {
        try (VectorStoreWriter writer = VectorStores.openWriter(location, ModelIdentity.of(model), options.similarity(),
                options.index())) {
            return build(writer, inputs, listener);
        }
    }

    /**
     * Builds or updates the index {@code writer} writes (a Lucene directory or a database table)
     * from the image files under {@code inputs}; commits as it goes and at the end.
     *
     * @param writer an open writer for this builder's model (not closed here)
     * @param inputs image files and directories (walked recursively)
     * @param listener progress and per-file failures
     * @return what was done
     * @throws IndexMismatchException if the index was built with another model
     */
    public BuildReport build(VectorStoreWriter writer, List<Path> inputs, BuildListener listener) {
        long start = System.nanoTime();
        ModelIdentity identity = ModelIdentity.of(model);
        writer.metadata().requireModel(writer.location(), identity);
        InputFiles scan = InputFiles.images(inputs);
        var pipelineOptions = new ImageEmbeddingPipeline.Options(options.batchSize(), options.loadThreads(),
                model.device().is_cuda() ? 3 : 1);
        try (ImageEmbeddingPipeline pipeline = new ImageEmbeddingPipeline(model, new ImageDecoder(options.decode()), pipelineOptions)) {
            Run run = new Run(writer, listener);
            try {
                run.execute(scan, pipeline);
            } catch (RuntimeException | Error e) {
                run.commitAfterFailure(e);
                throw e;
            }
            writer.commit();
            listener.committed(writer.documentCount());
            return new BuildReport(run.added, run.updated, run.unchanged, run.removed, run.failed,
                    writer.documentCount(), (System.nanoTime() - start) / 1e9);
        }
    }

    /** The state of one build. */
    private final class Run {
        private final VectorStoreWriter writer;
        private final BuildListener listener;
        private final int dim = model.config().projectionDim();
        private int added;
        private int updated;
        private int unchanged;
        private int removed;
        private int failed;
        private int uncommitted;

        Run(VectorStoreWriter writer, BuildListener listener) {
            this.writer = writer;
            this.listener = listener;
        }

        void execute(InputFiles scan, ImageEmbeddingPipeline pipeline) {
            Map<String, IndexedFile> known = new LinkedHashMap<>(writer.files());
            known.keySet().removeIf(MediaFragment::isFragment); // shots of videos: a video build owns them
            Set<String> found = new HashSet<>();
            Map<Path, IndexedFile> tasks = new LinkedHashMap<>();
            for (Path file : scan.files()) {
                String key = file.toString();
                found.add(key);
                IndexedFile indexed = known.get(key);
                if (indexed != null && !options.rehash() && sameStat(file, indexed)) {
                    unchanged++;
                } else {
                    tasks.put(file, indexed);
                }
            }
            List<String> gone = known.keySet().stream().filter(p -> !found.contains(p) && scan.covers(p)).toList();
            listener.planned(scan.files().size(), tasks.size(), gone.size());
            for (InputFiles.Refused missing : scan.missing()) {
                fail(missing.path().toString(), missing.message());
            }
            for (String path : gone) {
                writer.delete(path);
                removed++;
                uncommitted++;
            }
            pipeline.run(new ArrayList<>(tasks.keySet()), path -> read(path, tasks.get(path)), (items, embeddings) -> {
                write(items, embeddings);
                listener.progressed(items.size());
                maybeCommit();
            });
        }

        /**
         * On a decoder thread: reads the file once (a regular file only), hashes it, and asks for
         * an embedding only when the bytes differ from the indexed ones.
         */
        private ImageEmbeddingPipeline.Read<Note> read(Path path, IndexedFile known) {
            try {
                long modified = Files.getLastModifiedTime(path).toMillis();
                byte[] bytes = ImageDecoder.readFile(path);
                Note note = new Note(known, new IndexedFile(path.toString(), sha256(bytes), bytes.length, modified));
                return known != null && known.sha256().equals(note.file().sha256())
                        ? ImageEmbeddingPipeline.Read.skip(note) : ImageEmbeddingPipeline.Read.embed(bytes, note);
            } catch (NoSuchFileException e) {
                return ImageEmbeddingPipeline.Read.failed(path + " does not exist", new Note(known, null));
            } catch (IOException e) {
                return ImageEmbeddingPipeline.Read.failed(path + " cannot be read: " + e.getMessage(), new Note(known, null));
            } catch (ImageDecodeException e) {
                return ImageEmbeddingPipeline.Read.failed(e.getMessage(), new Note(known, null));
            }
        }

        private void write(List<ImageEmbeddingPipeline.Item<Note>> items, Embeddings embeddings) {
            FloatBuffer rows = embeddings == null ? null : embeddings.asFloatBuffer();
            int row = 0;
            for (ImageEmbeddingPipeline.Item<Note> item : items) {
                IndexedFile known = item.note() == null ? null : item.note().known();
                if (item.error() != null) {
                    fail(item.path().toString(), item.error());
                    if (known != null) {
                        writer.delete(known.path());
                        removed++;
                        uncommitted++;
                    }
                } else if (!item.embedded()) {
                    unchanged++;
                    recordNewStat(item.note());
                } else {
                    float[] vector = new float[dim];
                    rows.get(row++ * dim, vector);
                    if (known == null) {
                        writer.add(item.note().file(), vector);
                        added++;
                    } else {
                        writer.put(item.note().file(), vector);
                        updated++;
                    }
                    uncommitted++;
                }
            }
        }

        /** Same bytes, new size or time: keep the vector, record the new stat so the next run skips it unread. */
        private void recordNewStat(Note note) {
            if (note.file().sameStat(note.known())) {
                return;
            }
            float[] vector = writer.vector(note.known().path());
            if (vector != null) {
                writer.put(note.file(), vector);
                uncommitted++;
            }
        }

        private void fail(String path, String error) {
            failed++;
            listener.failed(path, error);
        }

        private void maybeCommit() {
            if (uncommitted >= options.commitEvery()) {
                writer.commit();
                uncommitted = 0;
                listener.committed(writer.documentCount());
            }
        }

        /** Keeps the complete documents written before a failure. */
        void commitAfterFailure(Throwable failure) {
            try {
                writer.commit();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** What a build knows of one file: the indexed entry (null when new) and the file as read now (null when unreadable). */
    private record Note(IndexedFile known, IndexedFile file) {
    }

    /** The SHA-256 of a file's bytes, hex; see {@link IndexedFile#sha256Of}. */
    static String sha256(byte[] bytes) {
        return IndexedFile.sha256Of(bytes);
    }

    private static boolean sameStat(Path file, IndexedFile indexed) {
        try {
            return Files.size(file) == indexed.size()
                    && Files.getLastModifiedTime(file).toMillis() == indexed.modifiedMillis();
        } catch (IOException e) {
            return false; // let the loader report it
        }
    }
}
