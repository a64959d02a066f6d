package io.clip4j;

import static io.clip4j.Fixtures.assertClose;
import static io.clip4j.Fixtures.flatten;
import static io.clip4j.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * fp32 CPU outputs against transformers' CLIPModel on the tiny fixture. Tolerances from
 * docs/architecture.md: embeddings 1e-4 absolute, logits 1e-3.
 */
class ParityTest {
    static ClipModel clip;

    @BeforeAll
    static void load() {
        clip = ClipModel.load(Fixtures.TINY_CLIP);
    }

    @AfterAll
    static void close() {
        clip.close();
    }

    @Test
    void textEmbeddingsAndPooledOutputsMatchTheReference() {
        try (PointerScope scope = new PointerScope();
             Embeddings embeds = clip.embedTokenIds(reference().tensor("input_ids"), true);
             Embeddings pooled = clip.embedTokenIds(reference().tensor("input_ids"), false)) {
            assertEquals(12, embeds.size());
            assertEquals(24, embeds.dim());
            assertClose(reference().floats("text_embeds"), flatten(embeds.toArray()), 1e-4, "text_embeds");
            assertClose(reference().floats("text_pooled"), flatten(pooled.toArray()), 1e-4, "text_pooled");
        }
    }

    @Test
    void imageEmbeddingsAndPooledOutputsMatchTheReference() {
        try (PointerScope scope = new PointerScope();
             Embeddings embeds = clip.embedPixels(reference().tensor("pixel_values"));
             Embeddings pooled = clip.embedPixels(reference().tensor("pixel_values"), false)) {
            assertEquals(7, embeds.size());
            assertClose(reference().floats("image_embeds"), flatten(embeds.toArray()), 1e-4, "image_embeds");
            assertClose(reference().floats("image_pooled"), flatten(pooled.toArray()), 1e-4, "image_pooled");
        }
    }

    @Test
    void logitsMatchTheReference() {
        try (PointerScope scope = new PointerScope();
             Embeddings images = clip.embedPixels(reference().tensor("pixel_values"));
             Embeddings texts = clip.embedTokenIds(reference().tensor("input_ids"), true)) {
            assertClose(reference().floats("logits_per_image"), flatten(clip.logits(images, texts)), 1e-3,
                    "logits_per_image");
        }
    }

    @Test
    void tokenizedTextsGiveTheReferenceEmbeddings() {
        var texts = new java.util.ArrayList<String>();
        Fixtures.referenceJson().get("texts").forEach(t -> texts.add(t.asText()));
        try (Embeddings embeds = clip.embedTexts(texts)) {
            assertClose(reference().floats("text_embeds"), flatten(embeds.toArray()), 1e-4, "text_embeds from texts");
        }
    }

    @Test
    void bf16OnTheCpuStaysCloseToTheReference() {
        try (ClipModel bf16 = ClipModel.load(Fixtures.TINY_CLIP, ClipOptions.defaults().withPrecision(Precision.BF16));
             PointerScope scope = new PointerScope();
             Embeddings texts = bf16.embedTokenIds(reference().tensor("input_ids"), true);
             Embeddings images = bf16.embedPixels(reference().tensor("pixel_values"))) {
            // bf16 keeps 8 bits of mantissa; the unit vectors move by a few hundredths at most.
            assertClose(reference().floats("text_embeds"), flatten(texts.toArray()), 0.05, "bf16 text_embeds");
            assertClose(reference().floats("image_embeds"), flatten(images.toArray()), 0.05, "bf16 image_embeds");
        }
    }

    @Test
    void emptyInputGivesNoRows() {
        try (Embeddings none = clip.embedTexts(java.util.List.of())) {
            assertEquals(0, none.size());
            assertEquals(24, none.dim());
        }
    }

    @Test
    void wrongInputsAreRefusedClearly() {
        try (PointerScope scope = new PointerScope()) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(ClipException.class,
                    () -> clip.embedPixels(org.bytedeco.pytorch.global.torch.zeros(7, 3, 224, 224)));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("[N, 3, 64, 64]"), e.getMessage());
            var ids = reference().tensor("input_ids").clone();
            ids.select(0, 0).select(0, 1).fill_(new org.bytedeco.pytorch.Scalar(60000L));
            e = org.junit.jupiter.api.Assertions.assertThrows(ClipException.class, () -> clip.embedTokenIds(ids, true));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("60000"), e.getMessage());
            e = org.junit.jupiter.api.Assertions.assertThrows(ClipException.class,
                    () -> clip.embedTokenIds(reference().tensor("pixel_values"), true));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("int64"), e.getMessage());
        }
    }

    @Test
    void batchesSplitByMaxBatchGiveTheSameRows() {
        try (ClipModel small = ClipModel.load(Fixtures.TINY_CLIP, ClipOptions.defaults().withMaxBatch(5));
             PointerScope scope = new PointerScope();
             Embeddings embeds = small.embedTokenIds(reference().tensor("input_ids"), true)) {
            assertClose(reference().floats("text_embeds"), flatten(embeds.toArray()), 1e-4, "text_embeds in chunks of 5");
        }
    }
}
