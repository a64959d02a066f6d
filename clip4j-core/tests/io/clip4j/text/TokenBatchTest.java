package io.clip4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.junit.jupiter.api.Test;

/** The padded, off-heap layout of a batch. */
class TokenBatchTest {
    private final ClipTokenizer tokenizer = TokenizerFixtures.original().withPadId(49407).withContextLength(8);

    @Test
    void rowsArePaddedAndMasked() {
        List<String> texts = List.of("a photo of a cat", "", "one two three four five six seven eight");
        int[] cat = tokenizer.encode("a photo of a cat");
        assertEquals(5, cat.length);
        int[] words = tokenizer.encode("one two three four five six seven eight");
        try (TokenBatch batch = tokenizer.tokenize(texts)) {
            assertEquals(3, batch.size());
            assertEquals(8, batch.contextLength());
            assertArrayEquals(new long[] {3, 8}, batch.shape());
            long[][] expectedIds = {
                {49406, cat[0], cat[1], cat[2], cat[3], cat[4], 49407, 49407},
                {49406, 49407, 49407, 49407, 49407, 49407, 49407, 49407},
                {49406, words[0], words[1], words[2], words[3], words[4], words[5], 49407},
            };
            long[][] expectedMask = {
                {1, 1, 1, 1, 1, 1, 1, 0},
                {1, 1, 0, 0, 0, 0, 0, 0},
                {1, 1, 1, 1, 1, 1, 1, 1},
            };
            LongPointer ids = batch.ids();
            LongPointer mask = batch.attentionMask();
            assertEquals(0, ids.position());
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 8; c++) {
                    assertEquals(expectedIds[r][c], ids.get(r * 8L + c), "ids " + r + "," + c);
                    assertEquals(expectedMask[r][c], mask.get(r * 8L + c), "mask " + r + "," + c);
                }
            }
            assertEquals(7, batch.length(0));
            assertEquals(2, batch.length(1));
            assertEquals(8, batch.length(2));
            assertArrayEquals(new int[] {49406, 49407}, batch.row(1));
            assertArrayEquals(tokenizer.tokenize("a photo of a cat"), batch.row(0));
            assertThrows(IndexOutOfBoundsException.class, () -> batch.row(3));
            assertThrows(IndexOutOfBoundsException.class, () -> batch.length(-1));
        }
    }

    @Test
    void padIdZeroAsInOpenAiClip() {
        try (TokenBatch batch = TokenizerFixtures.original().tokenize(List.of("a"))) {
            assertEquals(77, batch.contextLength());
            assertEquals(49407, batch.ids().get(2));
            for (int c = 3; c < 77; c++) {
                assertEquals(0, batch.ids().get(c));
                assertEquals(0, batch.attentionMask().get(c));
            }
        }
    }

    @Test
    void closeFreesOnceAndRowsStayReadable() {
        TokenBatch batch = tokenizer.tokenize(List.of("a cat"));
        batch.close();
        batch.close();
        assertThrows(IllegalStateException.class, batch::ids);
        assertThrows(IllegalStateException.class, batch::attentionMask);
        assertArrayEquals(tokenizer.tokenize("a cat"), batch.row(0));
    }

    @Test
    void emptyListGivesAnEmptyBatch() {
        try (TokenBatch batch = tokenizer.tokenize(List.of())) {
            assertEquals(0, batch.size());
            assertArrayEquals(new long[] {0, 8}, batch.shape());
        }
    }
}
