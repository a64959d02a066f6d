package io.clip4j.index;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An index refuses other models, other sizes, foreign directories and a second writer, with clear messages. */
class IndexMismatchTest {
    private static final List<String> MODEL_FILES = List.of("config.json", "model.safetensors",
            "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json");
    @TempDir
    static Path shared;
    private static ClipModel clip;
    private static Path index;

    @BeforeAll
    static void build() {
        clip = ClipModel.load(Fixtures.TINY_CLIP);
        index = shared.resolve("idx");
        new IndexBuilder(clip, BuildOptions.defaults()).build(index, List.of(IndexTestSupport.IMAGES.resolve("coffee.png"),
                IndexTestSupport.IMAGES.resolve("chelsea.png")), BuildListener.NONE);
    }

    @AfterAll
    static void close() {
        clip.close();
    }

    /** A copy of the fixture model under another name, with {@code config.json} edited by {@code edit}. */
    private static Path copyModel(Path dir, java.util.function.UnaryOperator<String> edit) throws IOException {
        Files.createDirectories(dir);
        for (String name : MODEL_FILES) {
            Files.copy(Fixtures.TINY_CLIP.resolve(name), dir.resolve(name));
        }
        Path config = dir.resolve("config.json");
        Files.writeString(config, edit.apply(Files.readString(config)));
        return dir;
    }

    @Test
    void anotherModelIsRefusedByNameAndDirectory(@TempDir Path tmp) throws IOException {
        Path other = copyModel(tmp.resolve("other-clip"), c -> c.replace("\"logit_scale_init_value\": 2.6592",
                "\"logit_scale_init_value\": 2.0"));
        try (ClipModel otherModel = ClipModel.load(other); VectorIndex opened = VectorIndex.open(index)) {
            IndexMismatchException e = assertThrows(IndexMismatchException.class, () -> new ImageSearch(otherModel, opened));
            assertTrue(e.getMessage().contains("'tiny-clip'") && e.getMessage().contains("'other-clip'"), e.getMessage());
            assertTrue(e.getMessage().startsWith("index " + index), e.getMessage());
            assertThrows(IndexMismatchException.class, () -> new IndexBuilder(otherModel, BuildOptions.defaults())
                    .build(index, List.of(IndexTestSupport.IMAGES.resolve("coffee.png")), BuildListener.NONE));
        }
    }

    @Test
    void theSameModelElsewhereIsAccepted(@TempDir Path tmp) throws IOException {
        Path renamed = copyModel(tmp.resolve("renamed"), c -> c);
        try (ClipModel same = ClipModel.load(renamed); VectorIndex opened = VectorIndex.open(index)) {
            assertEquals(2, assertDoesNotThrow(() -> new ImageSearch(same, opened)).byText("cat", SearchOptions.top(5)).size());
        }
    }

    @Test
    void anotherEmbeddingSizeIsNamed() {
        ModelIdentity recorded = ModelIdentity.of(clip);
        ModelIdentity wider = new ModelIdentity("wide", "/models/wide", recorded.fingerprint(), recorded.dim() + 8);
        IndexMismatchException e = assertThrows(IndexMismatchException.class,
                () -> VectorIndexWriter.open(index, wider, null, IndexSettings.defaults()));
        assertTrue(e.getMessage().contains(recorded.dim() + "-dimensional vectors")
                && e.getMessage().contains((recorded.dim() + 8) + "-dimensional embeddings"), e.getMessage());
    }

    @Test
    void fingerprintFollowsTheWeightsNotTheDirectory(@TempDir Path tmp) throws IOException {
        Path copy = copyModel(tmp.resolve("copy"), c -> c);
        String original = ModelFingerprint.of(Fixtures.TINY_CLIP);
        assertEquals(original, ModelFingerprint.of(copy));
        try (var channel = Files.newByteChannel(copy.resolve("model.safetensors"), StandardOpenOption.WRITE)) {
            channel.position(channel.size() - 1).write(java.nio.ByteBuffer.wrap(new byte[] {42}));
        }
        assertNotEquals(original, ModelFingerprint.of(copy));
    }

    @Test
    void foreignDirectoriesAreRefused(@TempDir Path tmp) throws IOException {
        IndexException missing = assertThrows(IndexException.class, () -> VectorIndex.open(tmp.resolve("nope")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

        Path images = tmp.resolve("images");
        IndexTestSupport.copyImages(images, "coffee.png");
        IndexException noIndex = assertThrows(IndexException.class, () -> VectorIndex.open(images));
        assertTrue(noIndex.getMessage().contains("holds no index"), noIndex.getMessage());
        IndexException notEmpty = assertThrows(IndexException.class, () -> new IndexBuilder(clip, BuildOptions.defaults())
                .build(images, List.of(images), BuildListener.NONE));
        assertTrue(notEmpty.getMessage().contains("holds other files"), notEmpty.getMessage());
        assertEquals(List.of(images.resolve("coffee.png")), Files.list(images).toList(), "nothing written there");

        Path plainLucene = tmp.resolve("plain");
        try (FSDirectory dir = FSDirectory.open(plainLucene); IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
            Document doc = new Document();
            doc.add(new StringField("id", "1", Field.Store.YES));
            w.addDocument(doc);
            w.commit();
        }
        IndexException foreign = assertThrows(IndexException.class, () -> VectorIndex.open(plainLucene));
        assertTrue(foreign.getMessage().contains("not a clip4j index"), foreign.getMessage());
    }

    @Test
    void aSecondWriterIsTurnedAway() {
        try (VectorIndexWriter first = VectorIndexWriter.open(index, ModelIdentity.of(clip), null, IndexSettings.defaults())) {
            IndexException e = assertThrows(IndexException.class, () -> new IndexBuilder(clip, BuildOptions.defaults())
                    .build(index, List.of(IndexTestSupport.IMAGES.resolve("coffee.png")), BuildListener.NONE));
            assertTrue(e.getMessage().contains("write.lock"), e.getMessage());
            try (VectorIndex reader = VectorIndex.open(index)) {
                assertEquals(2, reader.size(), "readers are not blocked by a writer");
            }
        }
    }

    @Test
    void similarityCannotChangeOnAnExistingIndex() {
        IndexException e = assertThrows(IndexException.class, () -> new IndexBuilder(clip,
                BuildOptions.defaults().withSimilarity(Similarity.COSINE)).build(index,
                List.of(IndexTestSupport.IMAGES.resolve("coffee.png")), BuildListener.NONE));
        assertTrue(e.getMessage().contains("dot_product"), e.getMessage());
    }
}
