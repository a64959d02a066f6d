package io.clip4j.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.image.ImageDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine with a caller's reader (what {@code index build} uses): items come back in order
 * with their notes; skipped ones have no row, failed ones their error, the others the embedding
 * of the bytes the reader handed over.
 */
class PipelineReaderTest {
    @Test
    void readerDecidesWhatIsEmbeddedAndNotesComeBack() throws Exception {
        List<Path> files = List.of("astronaut.png", "chelsea.png", "coffee.png", "tiny_random.png").stream()
                .map(n -> Fixtures.TINY_CLIP.resolve("images").resolve(n)).toList();
        List<ImageEmbeddingPipeline.Item<String>> items = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        try (ClipModel clip = ClipModel.load(Fixtures.TINY_CLIP);
             ImageEmbeddingPipeline pipeline = new ImageEmbeddingPipeline(clip, new ImageDecoder(),
                     new ImageEmbeddingPipeline.Options(2, 2, 1))) {
            int failures = pipeline.run(files, path -> {
                String name = path.getFileName().toString();
                if (name.startsWith("astronaut")) {
                    return ImageEmbeddingPipeline.Read.skip("skipped " + name);
                }
                if (name.startsWith("chelsea")) {
                    return ImageEmbeddingPipeline.Read.failed("no " + name, "failed " + name);
                }
                try {
                    return ImageEmbeddingPipeline.Read.embed(Files.readAllBytes(path), "read " + name);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, (batch, embeddings) -> {
                items.addAll(batch);
                int row = 0;
                for (ImageEmbeddingPipeline.Item<String> item : batch) {
                    if (item.embedded()) {
                        rows.add(embeddings.row(row++));
                    }
                }
            });
            assertEquals(1, failures);
            assertEquals(files.size(), items.size());
            for (int i = 0; i < files.size(); i++) {
                assertEquals(files.get(i), items.get(i).path());
            }
            assertFalse(items.get(0).embedded());
            assertNull(items.get(0).error());
            assertEquals("skipped astronaut.png", items.get(0).note());
            assertEquals("no chelsea.png", items.get(1).error());
            assertEquals("failed chelsea.png", items.get(1).note());
            assertTrue(items.get(2).embedded() && items.get(3).embedded());
            assertEquals("read coffee.png", items.get(2).note());
            try (Embeddings expected = clip.embedImageFiles(files.subList(2, 4))) {
                Fixtures.assertClose(expected.row(0), rows.get(0), 1e-5, "coffee");
                Fixtures.assertClose(expected.row(1), rows.get(1), 1e-5, "tiny_random");
            }
        }
    }
}
