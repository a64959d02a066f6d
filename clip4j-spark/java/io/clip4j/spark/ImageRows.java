package io.clip4j.spark;

import java.net.URI;
import java.nio.file.Path;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The columns of an image job's output, and how a file's path is written in them. */
final class ImageRows {
    static final StructType LABEL = new StructType(new StructField[] {
        DataTypes.createStructField("label", DataTypes.StringType, false),
        DataTypes.createStructField("score", DataTypes.FloatType, false),
        DataTypes.createStructField("cosine", DataTypes.FloatType, false)});

    private ImageRows() {
    }

    /** path, sha256, size, modified, embedding, [labels,] error. */
    static StructType schema(boolean labels) {
        StructType schema = new StructType()
                .add("path", DataTypes.StringType, false)
                .add("sha256", DataTypes.StringType, true)
                .add("size", DataTypes.LongType, true)
                .add("modified", DataTypes.LongType, true)
                .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true);
        if (labels) {
            schema = schema.add("labels", DataTypes.createArrayType(LABEL, false), true);
        }
        return schema.add("error", DataTypes.StringType, true);
    }

    /** A local file as an absolute path (what {@code index build} keys on), anything else as its URI. */
    static String pathOf(String uri) {
        if (uri.startsWith("file:")) {
            return Path.of(URI.create(uri)).toAbsolutePath().normalize().toString();
        }
        return uri;
    }
}
