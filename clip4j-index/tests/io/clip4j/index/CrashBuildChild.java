package io.clip4j.index;

import io.clip4j.ClipModel;
import java.nio.file.Path;
import java.util.List;

/**
 * The process {@link VectorStoreContract} kills: builds an index in small commits, pausing after
 * each so that the kill lands in the middle of the build. Arguments: model dir, index location
 * (a directory or a JDBC URL), image dir.
 */
public final class CrashBuildChild {
    private CrashBuildChild() {
    }

    /** Entry point of the child JVM. */
    public static void main(String[] args) {
        try (ClipModel clip = ClipModel.load(Path.of(args[0]));
             VectorStoreWriter writer = VectorStores.openWriter(args[1], ModelIdentity.of(clip), null, IndexSettings.defaults())) {
            BuildOptions options = BuildOptions.defaults().withBatchSize(4).withCommitEvery(8).withLoadThreads(1);
            new IndexBuilder(clip, options).build(writer, List.of(Path.of(args[2])), new BuildListener() {
                @Override
                public void committed(int documents) {
                    System.out.println("committed " + documents);
                    try {
                        Thread.sleep(60);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            System.out.println("finished");
        }
    }
}
