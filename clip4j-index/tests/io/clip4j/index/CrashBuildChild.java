package io.clip4j.index;

import io.clip4j.ClipModel;
import java.nio.file.Path;
import java.util.List;

/**
 * The process {@link CrashSafetyTest} kills: builds an index in small commits, pausing after each
 * so that the kill lands in the middle of the build. Arguments: model dir, index dir, image dir.
 */
public final class CrashBuildChild {
    private CrashBuildChild() {
    }

    /** Entry point of the child JVM. */
    public static void main(String[] args) {
        try (ClipModel clip = ClipModel.load(Path.of(args[0]))) {
            BuildOptions options = BuildOptions.defaults().withBatchSize(4).withCommitEvery(8).withLoadThreads(1);
            new IndexBuilder(clip, options).build(Path.of(args[1]), List.of(Path.of(args[2])), new BuildListener() {
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
