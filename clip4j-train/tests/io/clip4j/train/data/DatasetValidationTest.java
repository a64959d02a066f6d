package io.clip4j.train.data;

import static io.clip4j.train.data.DatasetTestFiles.garbage;
import static io.clip4j.train.data.DatasetTestFiles.image;
import static io.clip4j.train.data.DatasetTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import io.clip4j.train.data.Problem.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each validation problem, strict mode, skipBad, and the image checks. */
class DatasetValidationTest {
    @TempDir
    Path dir;

    private Path csv;

    @BeforeEach
    void dataset() {
        image(dir.resolve("good.png"));
        image(dir.resolve("other.jpg"));
        garbage(dir.resolve("broken.png"));
        csv = write(dir.resolve("data.csv"), String.join("\n",
                "path,caption,label",            // 1
                "good.png,a good image,good",    // 2
                "missing.png,not there,x",       // 3
                "broken.png,not an image,x",     // 4
                "other.jpg,   ,x",               // 5 empty caption
                "good.png,a good image,again",   // 6 duplicate of 2
                "other.jpg,too,many,fields",     // 7 column count
                ",no path,x",                    // 8 empty path
                "good.png,another caption,good", // 9 fine: same image, new caption
                "other.jpg,fine,good", ""));     // 10
    }

    @Test
    void everyProblemIsReportedWithFileLinePathAndKind() {
        CaptionDataset data = CaptionDatasets.readCsv(csv, DatasetOptions.defaults().withSkipBad(true));
        ValidationReport report = data.report();
        assertEquals(9, report.rows());
        assertEquals(3, report.usable());
        assertEquals(List.of(Kind.MISSING_FILE, Kind.UNREADABLE_IMAGE, Kind.EMPTY_CAPTION, Kind.DUPLICATE_ROW,
                Kind.COLUMN_COUNT, Kind.BAD_PATH), report.problems().stream().map(Problem::kind).toList());
        assertEquals(List.of(3, 4, 5, 6, 7, 8), report.problems().stream().map(Problem::line).toList());
        assertEquals(List.of("missing.png", "broken.png", "other.jpg", "good.png", "other.jpg", ""),
                report.problems().stream().map(Problem::path).toList());
        for (Problem p : report.problems()) {
            assertEquals(csv, p.source());
            assertTrue(p.toString().startsWith(csv + ":" + p.line() + ": "), p.toString());
        }
        assertTrue(report.problems(Kind.DUPLICATE_ROW).get(0).detail().contains("line 2"));
        assertTrue(report.problems(Kind.COLUMN_COUNT).get(0).detail().contains("has 4 fields, expected 3"));
        assertTrue(report.problems(Kind.UNREADABLE_IMAGE).get(0).detail().startsWith("cannot be decoded"));
        assertEquals(List.of(2, 9, 10), data.samples().stream().map(Sample::line).toList());
        assertEquals(List.of("good"), data.labels());
    }

    @Test
    void withoutSkipBadTheFirstProblemsAndTheCountAreInTheMessage() {
        DatasetException e = assertThrows(DatasetException.class, () -> CaptionDatasets.readCsv(csv));
        assertInstanceOf(ClipException.class, e);
        String m = e.getMessage();
        assertTrue(m.startsWith(csv + ": has bad rows"), m);
        assertTrue(m.contains("6 problems in 6 of 9 rows (3 usable)"), m);
        assertTrue(m.contains(csv + ":3: missing.png: file not found"), m);
        assertTrue(m.contains("… and 1 more"), m);
        assertFalse(m.contains(":8:"), "only the first " + ValidationReport.SUMMARY_PROBLEMS + " are listed");
        assertNotNull(e.report());
        assertEquals(6, e.report().problems().size());
    }

    @Test
    void aRowCanHaveSeveralProblems() {
        Path twice = write(dir.resolve("twice.csv"), "good.png,ok\nmissing.png,\n");
        ValidationReport report = CaptionDatasets.readCsv(twice, DatasetOptions.defaults().withSkipBad(true)).report();
        assertEquals(List.of(Kind.EMPTY_CAPTION, Kind.MISSING_FILE), report.problems().stream().map(Problem::kind).toList());
        assertEquals(1, report.badRows());
    }

    @Test
    void noUsableRowIsAnErrorEvenWithSkipBad() {
        Path bad = write(dir.resolve("bad.csv"), "missing.png,a\nbroken.png,b\n");
        DatasetException e = assertThrows(DatasetException.class,
                () -> CaptionDatasets.readCsv(bad, DatasetOptions.defaults().withSkipBad(true)));
        assertTrue(e.getMessage().startsWith(bad + ": has no usable rows: 2 problems"), e.getMessage());
    }

    @Test
    void headerCheckPassesATruncatedImageThatDecodingRefuses() throws Exception {
        byte[] png = Files.readAllBytes(dir.resolve("good.png"));
        Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length - 10));
        Path list = write(dir.resolve("cut.csv"), "cut.png,a cut image\ngood.png,fine\n");
        DatasetOptions lenient = DatasetOptions.defaults().withSkipBad(true);

        ValidationReport decoded = CaptionDatasets.readCsv(list, lenient).report();
        assertEquals(List.of(Kind.UNREADABLE_IMAGE), decoded.problems().stream().map(Problem::kind).toList());

        ValidationReport header = CaptionDatasets.readCsv(list, lenient.withImageCheck(DatasetOptions.ImageCheck.HEADER)).report();
        assertTrue(header.ok(), header.summary());

        Path junk = write(dir.resolve("junk.csv"), "broken.png,x\ngood.png,fine\n");
        ValidationReport junkHeader = CaptionDatasets.readCsv(junk, lenient.withImageCheck(DatasetOptions.ImageCheck.HEADER)).report();
        assertEquals(List.of(Kind.UNREADABLE_IMAGE), junkHeader.problems().stream().map(Problem::kind).toList());
        ValidationReport junkExists = CaptionDatasets.readCsv(junk, lenient.withImageCheck(DatasetOptions.ImageCheck.EXISTS)).report();
        assertTrue(junkExists.ok());
    }

    @Test
    void headerCheckAppliesThePixelLimit() {
        Path list = write(dir.resolve("big.csv"), "good.png,16x12 is 192 pixels\n");
        DatasetOptions options = DatasetOptions.defaults().withImageCheck(DatasetOptions.ImageCheck.HEADER)
                .withDecode(io.clip4j.image.DecodeOptions.defaults().withMaxPixels(100));
        DatasetException e = assertThrows(DatasetException.class, () -> CaptionDatasets.readCsv(list, options));
        assertTrue(e.getMessage().contains("over the limit of 100"), e.getMessage());
    }

    @Test
    void aDirectoryIsNotAnImage() throws Exception {
        Files.createDirectories(dir.resolve("folder.png"));
        Path list = write(dir.resolve("dir.csv"), "folder.png,x\ngood.png,fine\n");
        ValidationReport report = CaptionDatasets.readCsv(list, DatasetOptions.defaults().withSkipBad(true)).report();
        assertEquals(Kind.UNREADABLE_IMAGE, report.problems().get(0).kind());
        assertTrue(report.problems().get(0).detail().contains("directory"), report.problems().get(0).detail());
    }
}
