package io.clip4j.train.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.ClipModel;
import io.clip4j.Fixtures;
import io.clip4j.train.data.CaptionDataset;
import io.clip4j.train.data.CaptionDatasets;
import io.clip4j.train.data.DatasetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe on 60 generated images (three colour classes, 20 each) and the tiny random-weight
 * model: it learns the classes, scores and counts consistently, and is deterministic.
 *
 * <p>The margin: chance is 1/3; we require at least 0.8 on the 12 validation images (at most two
 * wrong). The tiny model's weights are random, but its first layer is a linear map of the pixels,
 * so the background colour, which covers most of each image, survives into the embedding; a
 * linear classifier on it should separate three saturated colours all but perfectly, and 0.8 leaves
 * room for the random distractor shapes without letting a probe that learnt nothing (≈ 0.33) or
 * only one class (≤ 0.5) pass.
 */
class LinearProbeTest {
    static final double REQUIRED_VALIDATION_ACCURACY = 0.8;

    @TempDir
    static Path data;

    static ClipModel clip;
    static CaptionDataset dataset;
    static LinearProbe.Result result;

    @BeforeAll
    static void train() {
        ProbeImages.folder(data.resolve("folder"), 20, 7);
        clip = ClipModel.load(Fixtures.TINY_CLIP);
        dataset = CaptionDatasets.readFolder(data.resolve("folder"));
        result = LinearProbe.train(clip, dataset, ProbeOptions.defaults(), n -> { });
    }

    @AfterAll
    static void close() {
        clip.close();
    }

    @Test
    void beatsChanceByAWideMarginOnValidation() {
        ProbeReport r = result.report();
        System.out.println(r.toJson());
        assertEquals(ProbeImages.LABELS, r.labels());
        assertEquals(12, r.validationImages());
        assertEquals(48, r.trainImages());
        assertTrue(r.validationAccuracy() >= REQUIRED_VALIDATION_ACCURACY,
                "validation accuracy " + r.validationAccuracy() + " (chance 1/3): " + r.toJson());
        assertTrue(r.trainAccuracy() >= REQUIRED_VALIDATION_ACCURACY, r.toJson());
        assertTrue(Double.isFinite(r.trainLoss()) && r.trainLoss() < Math.log(3), "the loss fell below chance's ln 3");
    }

    @Test
    void confusionMatrixAndCountsAddUp() {
        ProbeReport r = result.report();
        ConfusionMatrix c = r.validationConfusion();
        assertEquals(r.validationImages(), c.total());
        assertEquals(12, c.total(), "the matrix sums to the number of validation images");
        for (int t = 0; t < 3; t++) {
            int row = IntStream.of(c.counts()[t]).sum();
            assertEquals(r.validationCounts()[t], row, "row " + t + " sums to that label's validation images");
            assertEquals(20, r.trainCounts()[t] + r.validationCounts()[t]);
        }
        assertEquals((double) c.correct() / c.total(), r.validationAccuracy(), 1e-12);
        assertEquals(48, r.trainConfusion().total());
    }

    @Test
    void reportPrintsAsJson() throws Exception {
        JsonNode json = new ObjectMapper().readTree(result.report().toJson());
        assertEquals(24, json.get("dim").asInt());
        assertEquals("tiny-clip", json.get("model").asText());
        assertEquals(3, json.get("labels").size());
        assertEquals(12, json.get("validation_images").asInt());
        assertEquals(3, json.get("per_class").size());
        assertEquals("blue", json.get("per_class").get(0).get("label").asText());
        int sum = 0;
        for (JsonNode row : json.get("confusion")) {
            for (JsonNode cell : row) {
                sum += cell.asInt();
            }
        }
        assertEquals(12, sum);
        assertTrue(json.get("validation_accuracy").isNumber());
    }

    @Test
    void sameSeedSameHead() {
        LinearProbe.Result again = LinearProbe.train(clip, dataset, ProbeOptions.defaults(), n -> { });
        assertArrayEquals(result.head().weight(), again.head().weight());
        assertArrayEquals(result.head().bias(), again.head().bias());
        assertEquals(result.report().validationAccuracy(), again.report().validationAccuracy());
    }

    @Test
    void csvWithLabelColumnTrainsToo() {
        Path csv = ProbeImages.csv(data.resolve("csv"), 8, 11);
        LinearProbe.Result r = LinearProbe.train(clip, CaptionDatasets.readCsv(csv),
                ProbeOptions.defaults().withValidationFraction(0.25).withSteps(200), n -> { });
        assertEquals(ProbeImages.LABELS, r.head().labels());
        assertEquals(6, r.report().validationImages());
        assertEquals(18, r.report().trainImages());
    }

    @Test
    void noValidationGivesNullAccuracy() throws Exception {
        LinearProbe.Result r = LinearProbe.train(clip, dataset, ProbeOptions.defaults().withValidationFraction(0)
                .withSteps(20), n -> { });
        assertEquals(0, r.report().validationImages());
        assertTrue(new ObjectMapper().readTree(r.report().toJson()).get("validation_accuracy").isNull());
    }

    @Test
    void unlabelledRowsAreRefusedWithTheLine() throws Exception {
        Path dir = data.resolve("unlabelled");
        ProbeImages.draw(dir.resolve("a.png"), "red", new java.util.Random(1));
        ProbeImages.draw(dir.resolve("b.png"), "blue", new java.util.Random(2));
        Path csv = Files.writeString(dir.resolve("x.csv"), "path,caption,label\na.png,a,red\nb.png,b,\n");
        DatasetException e = assertThrows(DatasetException.class,
                () -> LinearProbe.train(clip, CaptionDatasets.readCsv(csv), ProbeOptions.defaults(), n -> { }));
        assertTrue(e.getMessage().startsWith(csv.toString()) && e.getMessage().contains("line 3"), e.getMessage());
    }
}
