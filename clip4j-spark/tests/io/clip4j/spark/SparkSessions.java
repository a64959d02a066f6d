package io.clip4j.spark;

import io.clip4j.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** A quiet local Spark for tests: no UI, few shuffle partitions. */
final class SparkSessions {
    private SparkSessions() {
    }

    static SparkSession local(int threads) {
        return SparkSession.builder().master("local[" + threads + "]").appName("clip4j-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
    }

    /** A new folder {@code dir} holding copies of the parity fixture's images, for a job to read. */
    static Path fixtureImagesIn(Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(Fixtures.TINY_CLIP.resolve("images"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }
}
