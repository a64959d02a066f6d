package io.clip4j.train.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.BadFileException;
import io.clip4j.train.data.CaptionDatasets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two CSV readers (a tokenizer corpus, a captions dataset) read files one way
 * ({@link io.clip4j.train.data.CsvFiles}): the same bad file gets the same words from both, and
 * a byte-order mark is skipped by both.
 */
class CsvWordingTest {
    @TempDir
    Path dir;

    @Test
    void bothReadersDescribeTheSameProblemAlike() throws IOException {
        Path missing = dir.resolve("missing.csv");
        Path folder = Files.createDirectory(dir.resolve("folder.csv"));
        Path latin1 = Files.write(dir.resolve("latin1.csv"), "path,caption\na.png,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Path unclosed = Files.writeString(dir.resolve("unclosed.csv"), "path,caption\na.png,\"unclosed\nb.png,x\n");
        List<String> expected = List.of("does not exist", "is a directory, not a file", "is not UTF-8 text",
                "is not valid CSV near line");
        List<Path> files = List.of(missing, folder, latin1, unclosed);
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String corpus = assertThrows(BadFileException.class, () -> CorpusReader.read(file, "caption", t -> { }))
                    .getMessage();
            String captions = assertThrows(BadFileException.class, () -> CaptionDatasets.readCsv(file)).getMessage();
            assertTrue(corpus.startsWith(file + ": " + expected.get(i)), corpus);
            assertTrue(captions.startsWith(file + ": " + expected.get(i)), captions);
        }
    }

    @Test
    void byteOrderMarkIsSkipped() throws IOException {
        Path csv = Files.writeString(dir.resolve("bom.csv"), "\uFEFFpath,caption\na.png,a red circle\n");
        List<String> texts = new ArrayList<>();
        assertEquals(1, CorpusReader.read(csv, "caption", texts::add));
        assertEquals(List.of("a red circle"), texts);
        // the captions reader finds the header: a BOM left in makes "\uFEFFpath" a row whose file is missing
        java.awt.image.BufferedImage pixels = new java.awt.image.BufferedImage(16, 12, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(pixels, "png", dir.resolve("a.png").toFile());
        assertEquals(1, CaptionDatasets.readCsv(csv).size());
    }
}
