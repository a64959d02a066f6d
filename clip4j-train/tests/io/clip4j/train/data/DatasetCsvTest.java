package io.clip4j.train.data;

import static io.clip4j.train.data.DatasetTestFiles.image;
import static io.clip4j.train.data.DatasetTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV layout: header or not, quoting, path resolution, label columns, line numbers. */
class DatasetCsvTest {
    @TempDir
    Path dir;

    @Test
    void withAndWithoutHeaderGiveTheSameSamples() {
        image(dir.resolve("a.png"));
        image(dir.resolve("b.jpg"));
        CaptionDataset headed = CaptionDatasets.readCsv(write(dir.resolve("h.csv"), "path,caption\na.png,a dog\nb.jpg,a cat\n"));
        CaptionDataset bare = CaptionDatasets.readCsv(write(dir.resolve("n.csv"), "a.png,a dog\nb.jpg,a cat\n"));
        assertEquals(List.of("a dog", "a cat"), headed.samples().stream().map(Sample::caption).toList());
        assertEquals(headed.samples().stream().map(Sample::image).toList(), bare.samples().stream().map(Sample::image).toList());
        assertEquals(List.of(2, 3), headed.samples().stream().map(Sample::line).toList());
        assertEquals(List.of(1, 2), bare.samples().stream().map(Sample::line).toList());
        assertNull(headed.samples().get(0).label());
        assertEquals(2, headed.report().rows());
        assertTrue(headed.report().ok());
    }

    @Test
    void headerColumnsAreFoundByNameAnyCase() {
        image(dir.resolve("a.png"));
        Path csv = write(dir.resolve("d.csv"), "\uFEFFImage, Text ,source,LABEL\na.png,a dog,web,dog\n");
        Sample s = CaptionDatasets.readCsv(csv).samples().get(0);
        assertEquals("a dog", s.caption());
        assertEquals("dog", s.label());
        assertEquals(dir.resolve("a.png").toAbsolutePath().normalize(), s.image());
    }

    @Test
    void labelColumnCanBeAnotherColumn() {
        image(dir.resolve("a.png"));
        Path csv = write(dir.resolve("d.csv"), "path,caption,colour,shape,label\na.png,a red star,red,star,red star\n");
        assertEquals("star", CaptionDatasets.readCsv(csv, DatasetOptions.defaults().withLabelColumn("shape")).samples().get(0).label());
        assertEquals("red star", CaptionDatasets.readCsv(csv).samples().get(0).label());
        assertEquals(List.of("red star"), CaptionDatasets.readCsv(csv).labels());
    }

    @Test
    void threeColumnsWithoutHeaderAreALabel() {
        image(dir.resolve("a.png"));
        image(dir.resolve("b.png"));
        Path csv = write(dir.resolve("d.csv"), "a.png,a dog,dog\nb.png,a thing,\n");
        List<Sample> s = CaptionDatasets.readCsv(csv).samples();
        assertEquals("dog", s.get(0).label());
        assertNull(s.get(1).label(), "an empty label field is no label");
    }

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaks() {
        image(dir.resolve("my images/a, b.png"));
        image(dir.resolve("c.png"));
        Path csv = write(dir.resolve("d.csv"), "path,caption\n"
                + "\"my images/a, b.png\",\"a dog, \"\"Rex\"\", running\"\n"
                + "\n"
                + "c.png,\"two\nlines\"\n");
        List<Sample> s = CaptionDatasets.readCsv(csv).samples();
        assertEquals("a dog, \"Rex\", running", s.get(0).caption());
        assertEquals(dir.resolve("my images/a, b.png").toAbsolutePath().normalize(), s.get(0).image());
        assertEquals("two\nlines", s.get(1).caption());
        assertEquals(List.of(2, 4), s.stream().map(Sample::line).toList(), "lines count blank lines and start at the row");
    }

    @Test
    void relativePathsAreResolvedAgainstTheCsvFolderAbsolutePathsKept() {
        Path data = dir.resolve("data");
        image(data.resolve("imgs/a.png"));
        Path elsewhere = image(dir.resolve("other/b.png")).toAbsolutePath();
        image(dir.resolve("c.png"));
        Path csv = write(data.resolve("list.csv"), "imgs/a.png,one\n" + elsewhere + ",two\n../c.png,three\n");
        List<Path> images = CaptionDatasets.readCsv(csv).samples().stream().map(Sample::image).toList();
        assertEquals(List.of(data.resolve("imgs/a.png").toAbsolutePath().normalize(), elsewhere.normalize(),
                dir.resolve("c.png").toAbsolutePath().normalize()), images);
    }

    @Test
    void emptyFileAndHeaderOnlyAreErrorsNamingTheFile() {
        Path empty = write(dir.resolve("empty.csv"), "\n\n");
        DatasetException e = assertThrows(DatasetException.class, () -> CaptionDatasets.readCsv(empty));
        assertTrue(e.getMessage().startsWith(empty.toString()), e.getMessage());
        Path headerOnly = write(dir.resolve("header.csv"), "path,caption\n");
        e = assertThrows(DatasetException.class, () -> CaptionDatasets.readCsv(headerOnly));
        assertTrue(e.getMessage().startsWith(headerOnly + ": has no rows"), e.getMessage());
        Path missing = dir.resolve("nope.csv");
        e = assertThrows(DatasetException.class, () -> CaptionDatasets.readCsv(missing));
        assertEquals(missing + ": does not exist", e.getMessage());
    }

    @Test
    void firstRowThatIsNeitherHeaderNorTwoOrThreeFieldsIsAnError() {
        Path csv = write(dir.resolve("d.csv"), "a.png,a,b,c\n");
        DatasetException e = assertThrows(DatasetException.class, () -> CaptionDatasets.readCsv(csv));
        assertTrue(e.getMessage().contains("line 1 has 4 fields"), e.getMessage());
    }

    @Test
    void malformedCsvNamesTheFile() {
        Path csv = write(dir.resolve("d.csv"), "a.png,\"unclosed\nb.png,x\n");
        DatasetException e = assertThrows(DatasetException.class, () -> CaptionDatasets.readCsv(csv));
        assertTrue(e.getMessage().startsWith(csv + ": is not valid CSV"), e.getMessage());
    }

    @Test
    void invalidUtf8IsAnError() throws Exception {
        Path csv = dir.resolve("d.csv");
        java.nio.file.Files.write(csv, new byte[] {'a', ',', (byte) 0xC3, '\n'});
        DatasetException e = assertThrows(DatasetException.class, () -> CaptionDatasets.readCsv(csv));
        assertEquals(csv + ": is not UTF-8 text", e.getMessage());
    }
}
