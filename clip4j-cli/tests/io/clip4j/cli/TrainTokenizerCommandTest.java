package io.clip4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.text.ClipTokenizer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code train-tokenizer} on .txt and .csv corpora: the JSON summary, a folder the tokenizer
 * loads, and one-line errors. The command is run on its own (with Main's error handling), as
 * registering it in Main is a separate change.
 */
class TrainTokenizerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out.strip());
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine cli = new CommandLine(new TrainTokenizerCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(errWriter);
        cli.setParameterExceptionHandler((e, a) -> {
            errWriter.println("clip4j: " + e.getMessage());
            return 2;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            errWriter.println("clip4j: " + e.getMessage());
            return 1;
        });
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void trainsOnTextAndCsvCorporaAndWritesALoadableFolder() throws Exception {
        Path txt = dir.resolve("captions.txt");
        StringBuilder lines = new StringBuilder("\uFEFF");
        for (int i = 0; i < 50; i++) {
            lines.append("a photo of a cat\n\n").append("a dog on the grass\n");
        }
        Files.writeString(txt, lines, StandardCharsets.UTF_8);
        Path csv = dir.resolve("data.CSV");
        StringBuilder rows = new StringBuilder("id,caption,url\n");
        for (int i = 0; i < 20; i++) {
            rows.append(i).append(",\"a cat, sitting\non a mat\",http://x/").append(i).append(".jpg\n");
        }
        rows.append("99,,http://x/empty.jpg\n");
        Files.writeString(csv, rows, StandardCharsets.UTF_8);
        Path out = dir.resolve("tok");

        Run r = run("--out", out.toString(), "--vocab-size", "530", "--min-frequency", "2",
                txt.toString(), csv.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode summary = r.json();
        assertEquals(120, summary.get("texts").asLong(), "100 lines + 20 records, blanks skipped");
        assertEquals(530, summary.get("vocab_size").asInt());
        assertEquals(530 - 514, summary.get("merges").asInt());
        assertEquals(528, summary.get("start_id").asInt());
        assertEquals(529, summary.get("end_id").asInt());
        assertEquals(out.toString(), summary.get("out").asText());
        assertTrue(r.err().contains("captions.txt: 100 texts"), r.err());

        ClipTokenizer tokenizer = ClipTokenizer.fromModelDir(out);
        assertEquals(530, tokenizer.vocabSize());
        assertEquals(1, tokenizer.encode("photo").length);
        assertEquals("a cat , sitting on a mat ", tokenizer.decode(tokenizer.encode("a cat, sitting\non a mat")));
    }

    @Test
    void readsTheNamedCsvColumn() throws Exception {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "text,caption\nzzzz zzzz,ignored\nzzzz,ignored\n");
        Run r = run("--out", dir.resolve("o").toString(), "--column", "text", "--min-frequency", "1", csv.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(2, r.json().get("texts").asInt());
        ClipTokenizer tokenizer = ClipTokenizer.fromModelDir(dir.resolve("o"));
        assertEquals(1, tokenizer.encode("zzzz").length);
        assertArrayEquals(tokenizer.encode("zzzz"), new int[] {r.json().get("vocab_size").asInt() - 3});
    }

    @Test
    void errorsAreOneLineAndNameTheFile() throws Exception {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "text,url\nhello,x\n");
        Run missingColumn = run("--out", dir.resolve("o").toString(), csv.toString());
        assertEquals(1, missingColumn.status());
        assertTrue(missingColumn.err().contains("d.csv") && missingColumn.err().contains("'caption'")
                && missingColumn.err().contains("text, url"), missingColumn.err());
        assertEquals(1, missingColumn.err().strip().lines().count(), missingColumn.err());

        Run missingFile = run("--out", dir.resolve("o").toString(), dir.resolve("nope.txt").toString());
        assertEquals(1, missingFile.status());
        assertTrue(missingFile.err().contains("nope.txt: does not exist"), missingFile.err());

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "caption\n\"unclosed\n");
        Run malformed = run("--out", dir.resolve("o").toString(), bad.toString());
        assertEquals(1, malformed.status());
        assertTrue(malformed.err().contains("bad.csv: is not valid CSV near line"), malformed.err());

        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        Run notUtf8 = run("--out", dir.resolve("o").toString(), latin1.toString());
        assertEquals(1, notUtf8.status());
        assertTrue(notUtf8.err().contains("latin1.txt: is not UTF-8 text"), notUtf8.err());

        Run tooSmall = run("--out", dir.resolve("o").toString(), "--vocab-size", "100", csv.toString());
        assertEquals(2, tooSmall.status());
        assertTrue(tooSmall.err().contains("--vocab-size must be at least 514"), tooSmall.err());
    }
}
