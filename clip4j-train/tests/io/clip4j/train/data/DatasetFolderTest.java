package io.clip4j.train.data;

import static io.clip4j.train.data.DatasetTestFiles.garbage;
import static io.clip4j.train.data.DatasetTestFiles.image;
import static io.clip4j.train.data.DatasetTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root/&lt;label&gt;/&lt;image&gt; layout. */
class DatasetFolderTest {
    @TempDir
    Path root;

    @Test
    void labelsAreFolderNamesAndCaptionsReadThemAsWords() {
        image(root.resolve("golden_retriever/b.png"));
        image(root.resolve("golden_retriever/a.JPG"));
        image(root.resolve("sea-lion/c.webp"));
        image(root.resolve("sea-lion/deeper/d.png"));
        image(root.resolve("loose.png"));
        image(root.resolve(".cache/e.png"));
        write(root.resolve("sea-lion/notes.txt"), "not an image");
        CaptionDataset data = CaptionDatasets.readFolder(root);
        assertEquals(List.of("golden_retriever/a.JPG", "golden_retriever/b.png", "sea-lion/c.webp"),
                data.samples().stream().map(s -> root.toAbsolutePath().relativize(s.image()).toString()).toList());
        assertEquals(List.of("golden retriever", "golden retriever", "sea lion"),
                data.samples().stream().map(Sample::caption).toList());
        assertEquals(List.of("golden_retriever", "sea-lion"), data.labels());
        assertEquals(0, data.samples().get(0).line());
    }

    @Test
    void badImagesAreReportedByRelativePath() {
        image(root.resolve("cat/a.png"));
        garbage(root.resolve("cat/b.png"));
        CaptionDataset data = CaptionDatasets.readFolder(root, DatasetOptions.defaults().withSkipBad(true));
        assertEquals(1, data.size());
        Problem p = data.report().problems().get(0);
        assertEquals(Path.of("cat", "b.png").toString(), p.path());
        assertEquals(Problem.Kind.UNREADABLE_IMAGE, p.kind());
        assertTrue(p.toString().startsWith(root + ": cat/b.png: cannot be decoded"), p.toString());
        DatasetException e = assertThrows(DatasetException.class, () -> CaptionDatasets.readFolder(root));
        assertTrue(e.getMessage().contains("1 problem in 1 of 2 rows"), e.getMessage());
    }

    @Test
    void aFolderWithoutLabelledImagesIsAnError() throws Exception {
        image(root.resolve("loose.png"));
        Files.createDirectories(root.resolve("empty"));
        DatasetException e = assertThrows(DatasetException.class, () -> CaptionDatasets.readFolder(root));
        assertTrue(e.getMessage().startsWith(root + ": holds no images in label folders"), e.getMessage());
        Path missing = root.resolve("nope");
        assertEquals(missing + ": does not exist",
                assertThrows(DatasetException.class, () -> CaptionDatasets.readFolder(missing)).getMessage());
    }

    @Test
    void captionOfCollapsesSeparators() {
        assertEquals("great white shark", LabelledFolderReader.captionOf("great__white-shark"));
    }
}
