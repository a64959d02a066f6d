package io.clip4j.image;

import static io.clip4j.Fixtures.assertClose;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.clip4j.Fixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/**
 * Preprocessing against transformers' CLIPImageProcessor on every fixture image: within 0.02
 * (about one 8-bit level after normalisation) at the fixture's 64-pixel setting and at 224.
 */
class PreprocessParityTest {
    static final double TOLERANCE = 0.02;

    static List<String> imageNames() {
        List<String> names = new ArrayList<>();
        Fixtures.referenceJson().get("images").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** Preprocesses each fixture image alone and compares it with row i of the reference tensor. */
    private static double maxDifference(PreprocessConfig config, String key, double tolerance) {
        return maxDifference(new Preprocessor(config), key, tolerance);
    }

    private static double maxDifference(Preprocessor preprocessor, String key, double tolerance) {
        float[] reference = key.startsWith("pixel_values_224") ? Fixtures.pixels224(key) : Fixtures.reference().floats(key);
        List<String> names = imageNames();
        int perImage = reference.length / names.size();
        double worst = 0;
        for (int i = 0; i < names.size(); i++) {
            try (PointerScope scope = new PointerScope()) {
                Mat image = imread(Fixtures.TINY_CLIP.resolve("images").resolve(names.get(i)).toString(), IMREAD_COLOR);
                Tensor pixels = preprocessor.batch(List.of(image), new Device("cpu"), ScalarType.Float);
                float[] expected = Arrays.copyOfRange(reference, i * perImage, (i + 1) * perImage);
                worst = Math.max(worst, assertClose(expected, Fixtures.floats(pixels), tolerance, key + " " + names.get(i)));
            }
        }
        return worst;
    }

    @Test
    void matchesTheFixturesOwnSixtyFourPixelSetting() {
        PreprocessConfig config = PreprocessConfig.read(Fixtures.TINY_CLIP.resolve(PreprocessConfig.FILE), 64);
        System.out.printf("pixel_values: max |difference| %.5f%n", maxDifference(config, "pixel_values", TOLERANCE));
    }

    @Test
    void matchesTransformersAt224() {
        System.out.printf("pixel_values_224: max |difference| %.5f%n",
                maxDifference(PreprocessConfig.defaults(224), "pixel_values_224", TOLERANCE));
    }

    @Test
    void theGpuFloatPathStaysWithinTwoLevels() {
        // The float two-pass resize CUDA uses, run on the CPU. Measured: 0.030 (two 8-bit levels) on
        // tiny_random.png, an 11x upscale where the uint8 kernel's fixed-point weights round differently.
        System.out.printf("pixel_values_224 (float path): max |difference| %.5f%n", maxDifference(
                new Preprocessor(PreprocessConfig.defaults(224), true), "pixel_values_224", 0.035));
    }

    @Test
    void reportsTheDistanceToTheOriginalPilPipeline() {
        // The original CLIP code resizes with PIL; transformers' and PIL's bicubic differ by up to
        // 0.03 on these images (reference.json), so this only bounds the distance and reports it.
        System.out.printf("pixel_values_224_pil: max |difference| %.5f%n",
                maxDifference(PreprocessConfig.defaults(224), "pixel_values_224_pil", 0.1));
    }
}
