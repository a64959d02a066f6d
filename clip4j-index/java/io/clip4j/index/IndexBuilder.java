package io.clip4j.index;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.image.ImageDecoder;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Builds or brings up to date an image index: lists the image files under the inputs, compares
 * them with what the index holds, and embeds only what is new or changed.
 *
 * <ul>
 *   <li>A file whose size and modification time equal the indexed ones is skipped without being
 *       read (unless {@link BuildOptions#rehash()}); otherwise it is read and hashed, and skipped
 *       when the SHA-256 equals the indexed one (its new time is recorded).</li>
 *   <li>New and changed files are decoded on {@link BuildOptions#loadThreads()} threads while the
 *       previous batch is embedded ({@link ClipModel#embedImages}, on the model's device), then
 *       added or replaced by path.</li>
 *   <li>Indexed files under an input directory (or named as an input) that are gone are deleted;
 *       so is an indexed file that changed and can no longer be decoded. Files outside the
 *       inputs are left alone.</li>
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
        long start = System.nanoTime();
        ModelIdentity identity = ModelIdentity.of(model);
        ImageFiles scan = ImageFiles.scan(inputs);
        try (VectorIndexWriter writer = VectorIndexWriter.open(indexDir, identity, options.similarity(), options.index());
             DirectoryReader before = writer.openReader();
             FileLoader loader = new FileLoader(new ImageDecoder(options.decode()), options.loadThreads())) {
            Run run = new Run(writer, before, listener);
            try {
                run.execute(scan, loader);
            } catch (RuntimeException | Error e) {
                run.commitAfterFailure(e);
                throw e;
            }
            writer.commit();
            listener.committed(writer.documentCount());
            return new BuildReport(run.added, run.updated, run.unchanged, run.removed, run.failed,
                    writer.documentCount(), (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw LuceneFiles.failure(indexDir, "cannot be read", e);
        }
    }

    /** The state of one build. */
    private final class Run {
        private final VectorIndexWriter writer;
        private final DirectoryReader before;
        private final BuildListener listener;
        private final int dim = model.config().projectionDim();
        private int added;
        private int updated;
        private int unchanged;
        private int removed;
        private int failed;
        private int uncommitted;

        Run(VectorIndexWriter writer, DirectoryReader before, BuildListener listener) {
            this.writer = writer;
            this.before = before;
            this.listener = listener;
        }

        void execute(ImageFiles scan, FileLoader loader) throws IOException {
            Map<String, IndexedFile> known = IndexSchema.files(before);
            Set<String> found = new HashSet<>();
            List<FileLoader.Task> tasks = new ArrayList<>();
            for (Path file : scan.files()) {
                String key = file.toString();
                found.add(key);
                IndexedFile indexed = known.get(key);
                if (indexed != null && !options.rehash() && sameStat(file, indexed)) {
                    unchanged++;
                } else {
                    tasks.add(new FileLoader.Task(file, indexed));
                }
            }
            List<String> gone = known.keySet().stream().filter(p -> !found.contains(p) && scan.covers(p)).toList();
            listener.planned(scan.files().size(), tasks.size(), gone.size());
            for (Path missing : scan.missing()) {
                fail(missing.toString(), missing + " does not exist");
            }
            for (String path : gone) {
                writer.delete(path);
                removed++;
                uncommitted++;
            }
            loadAndEmbed(tasks, loader);
        }

        /** Loads batch i + 1 while batch i is embedded. */
        private void loadAndEmbed(List<FileLoader.Task> tasks, FileLoader loader) throws IOException {
            int batch = options.batchSize();
            FileLoader.Batch next = tasks.isEmpty() ? null : loader.submit(tasks.subList(0, Math.min(batch, tasks.size())));
            try {
                for (int from = 0; from < tasks.size(); from += batch) {
                    FileLoader.Batch current = next;
                    int nextFrom = from + batch;
                    next = nextFrom < tasks.size()
                            ? loader.submit(tasks.subList(nextFrom, Math.min(tasks.size(), nextFrom + batch))) : null;
                    try (current) {
                        List<FileLoader.Loaded> loaded = current.get();
                        write(loaded);
                        listener.progressed(loaded.size());
                    }
                    maybeCommit();
                }
            } finally {
                if (next != null) {
                    next.close();
                }
            }
        }

        private void write(List<FileLoader.Loaded> batch) throws IOException {
            List<FileLoader.Loaded> decoded = new ArrayList<>();
            for (FileLoader.Loaded item : batch) {
                if (item.error() != null) {
                    fail(item.path().toString(), item.error());
                    if (item.known() != null) {
                        writer.delete(item.known().path());
                        removed++;
                        uncommitted++;
                    }
                } else if (item.unchanged()) {
                    unchanged++;
                    recordNewStat(item);
                } else {
                    decoded.add(item);
                }
            }
            if (decoded.isEmpty()) {
                return;
            }
            List<Mat> images = decoded.stream().map(FileLoader.Loaded::image).toList();
            try (Embeddings embeddings = model.embedImages(images)) {
                FloatBuffer rows = embeddings.asFloatBuffer();
                for (int i = 0; i < decoded.size(); i++) {
                    float[] vector = new float[dim];
                    rows.get(i * dim, vector);
                    FileLoader.Loaded item = decoded.get(i);
                    if (item.known() == null) {
                        writer.add(item.file(), vector);
                        added++;
                    } else {
                        writer.put(item.file(), vector);
                        updated++;
                    }
                    uncommitted++;
                }
            }
        }

        /** Same bytes, new size or time: keep the vector, record the new stat so the next run skips it unread. */
        private void recordNewStat(FileLoader.Loaded item) throws IOException {
            if (item.file().sameStat(item.known())) {
                return;
            }
            float[] vector = IndexSchema.vector(before, item.known().path());
            if (vector != null) {
                writer.put(item.file(), vector);
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

    private static boolean sameStat(Path file, IndexedFile indexed) {
        try {
            return Files.size(file) == indexed.size()
                    && Files.getLastModifiedTime(file).toMillis() == indexed.modifiedMillis();
        } catch (IOException e) {
            return false; // let the loader report it
        }
    }
}
