package io.clip4j.spark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An output that is, lies inside or holds the input is refused before Spark could delete the input. */
class JobLocationsTest {
    @TempDir
    Path tmp;

    private void refused(String input, String output, String how) {
        ClipException e = assertThrows(ClipException.class, () -> JobLocations.requireApart(input, output), input + " / " + output);
        assertTrue(e.getMessage().contains(how) && e.getMessage().contains(output), e.getMessage());
    }

    @Test
    void overlappingLocationsAreRefused() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        refused(images.toString(), images.toString(), "is the input");
        refused(images.toString(), images + "/", "is the input");
        refused(images.toString(), images.resolve("out").toString(), "is inside the input");
        refused(images.toString(), images.resolve("sub/../out").toString(), "is inside the input");
        refused(images.toString(), tmp.toString(), "holds the input");
        refused(images + "/*.png", images.resolve("embeddings").toString(), "is inside the input");
        refused("file://" + images, images.resolve("out").toString(), "is inside the input");
        refused("hdfs://nn:8020/data/images", "hdfs://nn:8020/data/images/out", "is inside the input");
        // a link to the input folder is the input
        Path link = Files.createSymbolicLink(tmp.resolve("link"), images);
        refused(images.toString(), link.resolve("out").toString(), "is inside the input");
        // and the Spec refuses it too, so neither the CLI nor spark-submit's main gets as far as Spark
        assertThrows(ClipException.class, () -> new SparkEmbedJob.Spec(images.toString(), images.toString(), "parquet",
                new ClipJobOptions("m", "cpu", "fp32", 8, null, 1)));
    }

    @Test
    void aLinkLoopInTheInputIsRefusedAndOtherLinksPass() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("photos/2024"));
        Files.writeString(images.resolve("a.png"), "x");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(images.resolve("shared"), elsewhere); // a link out of the tree: followed, as Spark does
        assertDoesNotThrow(() -> JobLocations.requireNoLinkLoops(tmp.resolve("photos").toString()));
        Path loop = Files.createSymbolicLink(images.resolve("selfloop"), Path.of("."));
        ClipException e = assertThrows(ClipException.class, () -> JobLocations.requireNoLinkLoops(tmp.resolve("photos").toString()));
        assertTrue(e.getMessage().contains(loop.toString()) && e.getMessage().contains("loop"), e.getMessage());
        assertThrows(ClipException.class, () -> JobLocations.requireNoLinkLoops(tmp.resolve("photos") + "/*/*.png"));
    }

    @Test
    void separateLocationsPass() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        assertDoesNotThrow(() -> JobLocations.requireApart(images.toString(), tmp.resolve("images-out").toString()));
        assertDoesNotThrow(() -> JobLocations.requireApart(images + "/*.png", tmp.resolve("out").toString()));
        assertDoesNotThrow(() -> JobLocations.requireApart("hdfs://nn:8020/data/images", "hdfs://other:8020/data/images/out"));
        assertDoesNotThrow(() -> JobLocations.requireApart("hdfs://nn:8020/data/images", "hdfs://nn:8020/data/embeddings"));
    }
}
