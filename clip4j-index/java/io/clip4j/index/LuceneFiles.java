package io.clip4j.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.LockObtainFailedException;

/** Opening index directories and turning Lucene's I/O errors into {@link IndexException}s. */
final class LuceneFiles {
    private LuceneFiles() {
    }

    /** Whether {@code directory} holds a committed Lucene index. */
    static boolean hasIndex(Path path, Directory directory) {
        try {
            return DirectoryReader.indexExists(directory);
        } catch (IOException e) {
            throw failure(path, "cannot be read", e);
        }
    }

    /**
     * Whether the directory holds anything Lucene would not have written (a build killed before
     * its first commit leaves only Lucene's own files, which a new writer cleans up).
     */
    static boolean holdsOtherFiles(Path path) {
        try (Stream<Path> entries = Files.list(path)) {
            return entries.map(p -> p.getFileName().toString()).anyMatch(name -> !(name.equals("write.lock")
                    || name.startsWith("segments") || name.startsWith("pending_segments") || name.startsWith("_")));
        } catch (IOException e) {
            throw failure(path, "cannot be listed", e);
        }
    }

    /** The user data of the latest commit. */
    static Map<String, String> latestCommitData(Path path, Directory directory) {
        try {
            return SegmentInfos.readLatestCommit(directory).getUserData();
        } catch (IOException e) {
            throw failure(path, "cannot be read", e);
        }
    }

    /** An {@link IndexException} that says what kind of I/O failure happened. */
    static IndexException failure(Path path, String doing, IOException e) {
        if (e instanceof LockObtainFailedException) {
            return new IndexException(path, "is being written by another process (its write.lock is held); wait for"
                    + " that build to finish", e);
        }
        if (e instanceof CorruptIndexException || e instanceof IndexFormatTooOldException
                || e instanceof IndexFormatTooNewException) {
            return new IndexException(path, "is damaged or was written by an incompatible Lucene version: "
                    + e.getMessage(), e);
        }
        return new IndexException(path, doing + ": " + e, e);
    }
}
