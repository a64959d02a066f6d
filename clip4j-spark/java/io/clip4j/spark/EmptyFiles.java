package io.clip4j.spark;

import io.clip4j.ClipException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/** The zero-length files under an input, which Spark's file sources leave out, listed through Hadoop's file systems. */
final class EmptyFiles {
    private EmptyFiles() {
    }

    static List<String> under(SparkSession spark, String input) {
        Path root = new Path(input);
        List<String> empty = new ArrayList<>();
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] matches = fs.globStatus(root);
            if (matches == null) {
                return empty;
            }
            for (FileStatus match : matches) {
                RemoteIterator<LocatedFileStatus> files = fs.listFiles(match.getPath(), true);
                while (files.hasNext()) {
                    LocatedFileStatus file = files.next();
                    String name = file.getPath().getName();
                    if (file.getLen() == 0 && !name.startsWith(".") && !name.startsWith("_")) { // Hadoop's hidden files
                        empty.add(file.getPath().toUri().toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new ClipException(input + ": cannot be listed: " + e.getMessage(), e);
        }
        return empty;
    }
}
