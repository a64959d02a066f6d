package io.clip4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed demo model is what its record says: made with today's default settings, and
 * scoring what was recorded (at least 80% on the held-out pairs) when its test images are drawn
 * again and classified through the ordinary inference path.
 */
class ShapesDemoModelTest {
    private static final Path MODEL = Path.of("models", "shapes-demo");
    /** One image in 480: room for float summation order, nothing more. */
    private static final double ONE_IMAGE = 1.0 / 480 + 1e-9;

    @TempDir
    Path work;

    @Test
    void committedModelScoresItsRecordOnFreshlyDrawnTestImages() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode record = json.readTree(Files.readString(MODEL.resolve("training.json")));
        ShapesDemo.Settings defaults = ShapesDemo.Settings.defaults();
        assertEquals(json.readTree(json.writeValueAsString(defaults)), record.get("settings"), "the model was made with the default settings");

        ShapesDemo.TestSets tests = ShapesDemo.TestSets.draw(work, defaults);
        Map<String, Double> byPair = new LinkedHashMap<>();
        double heldOut = ShapesDemo.zeroShot(MODEL, ShapesDemo.labels(), tests.heldOut(), byPair);
        double seen = ShapesDemo.zeroShot(MODEL, ShapesDemo.labels(), tests.seen(), null);

        JsonNode result = record.get("result");
        assertEquals(result.get("heldOutTop1").asDouble(), heldOut, ONE_IMAGE);
        assertEquals(result.get("seenTop1").asDouble(), seen, ONE_IMAGE);
        assertTrue(heldOut >= 0.80, "zero-shot top-1 on held-out pairs: " + heldOut);
        assertEquals(8, byPair.size(), "every held-out pair was tested: " + byPair.keySet());
    }
}
