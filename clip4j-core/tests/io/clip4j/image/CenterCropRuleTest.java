package io.clip4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import io.clip4j.InvalidModelException;
import io.clip4j.internal.Tensors;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The centre crop's rounding rule on images whose crop offset is an odd half (x.5 with x odd),
 * where transformers (floor) and torchvision (half to even) start the window one pixel apart.
 * The shared fixture never hits this case, so the images here are made for it.
 */
class CenterCropRuleTest {
    private static final Device CPU = new Device("cpu");

    /** Offsets by the references' own formulas, written out independently of {@link CropRounding}. */
    private static long transformersOffset(long size, long crop) {
        return Math.floorDiv(size - crop, 2); // Python's (size - crop) // 2
    }

    private static long torchvisionOffset(long size, long crop) {
        // Python's int(round((size - crop) / 2.0)): round half to even
        return new BigDecimal(size - crop).divide(BigDecimal.valueOf(2)).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }

    @Test
    void offsetsOfTheIssuesCasesFollowEachRule() {
        // 640×427 at 96 resizes to 143×96 (width × height): offset 23.5
        assertArrayEquals(new long[] {96, 143}, Preprocessor.resizedSize(427, 640, 96));
        assertArrayEquals(new long[] {0, 23}, Preprocessor.cropOffsets(96, 143, 96, 96, CropRounding.FLOOR));
        assertArrayEquals(new long[] {0, 24}, Preprocessor.cropOffsets(96, 143, 96, 96, CropRounding.HALF_EVEN));
        // an odd half whose lower neighbour is even rounds down under both rules: 10.5 -> 10
        assertEquals(10, CropRounding.HALF_EVEN.offset(85, 64));
        assertEquals(10, CropRounding.FLOOR.offset(85, 64));
        // whole offsets agree
        assertEquals(45, CropRounding.HALF_EVEN.offset(154, 64));
        assertEquals(45, CropRounding.FLOOR.offset(154, 64));
    }

    @Test
    void offsetsMatchTheReferenceFormulasOverEveryExcess() {
        for (long crop : new long[] {64, 96, 224}) {
            for (long size = crop; size < crop + 400; size++) {
                assertEquals(transformersOffset(size, crop), CropRounding.FLOOR.offset(size, crop), size + "→" + crop);
                assertEquals(torchvisionOffset(size, crop), CropRounding.HALF_EVEN.offset(size, crop), size + "→" + crop);
            }
        }
    }

    /** A downscaled photo, an upscaled tiny image and a tall strip, at 64, 96 and 224. */
    static Stream<Arguments> images() {
        Stream.Builder<Arguments> cases = Stream.builder();
        int[][] sizes = {{427, 640}, {17, 41}, {333, 100}}; // rows × cols
        for (int[] hw : sizes) {
            for (int edge : new int[] {64, 96, 224}) {
                for (CropRounding rule : CropRounding.values()) {
                    cases.add(Arguments.of(hw[0], hw[1], edge, rule));
                }
            }
        }
        return cases.build();
    }

    @Test
    void theCasesIncludeOddHalvesOnBothAxes() {
        // photo and tiny image: width 143 at 96 (23.5) and 231 at 96 (67.5); strip: height 319 at 96 (111.5)
        assertArrayEquals(new long[] {96, 231}, Preprocessor.resizedSize(17, 41, 96));
        assertArrayEquals(new long[] {319, 96}, Preprocessor.resizedSize(333, 100, 96));
        assertTrue(transformersOffset(231, 96) != torchvisionOffset(231, 96));
        assertTrue(transformersOffset(319, 96) != torchvisionOffset(319, 96));
    }

    @ParameterizedTest(name = "{1}x{0} at {2}, {3}")
    @MethodSource("images")
    void cropWindowIsTheResizedImageAtTheRulesOffsets(int rows, int cols, int edge, CropRounding rule) {
        try (PointerScope scope = new PointerScope()) {
            Mat image = randomImage(rows, cols, rows * 31 + cols);
            for (boolean floatResize : new boolean[] {false, true}) {
                PreprocessConfig cropped = rawPixels(edge, true, rule);
                Tensor resized = new Preprocessor(rawPixels(edge, false, rule), floatResize).batch(List.of(image), CPU, ScalarType.Float);
                Tensor crop = new Preprocessor(cropped, floatResize).batch(List.of(image), CPU, ScalarType.Float);
                long h = resized.size(2);
                long w = resized.size(3);
                assertArrayEquals(Preprocessor.resizedSize(rows, cols, edge), new long[] {h, w});
                long top = rule == CropRounding.FLOOR ? transformersOffset(h, edge) : torchvisionOffset(h, edge);
                long left = rule == CropRounding.FLOOR ? transformersOffset(w, edge) : torchvisionOffset(w, edge);
                Tensor expected = resized.narrow(2, top, edge).narrow(3, left, edge);
                assertArrayEquals(new long[] {1, 3, edge, edge}, Tensors.shape(crop));
                assertTrue(torch.equal(expected, crop), "crop window " + top + "," + left + " float resize " + floatResize);
                // the batch entry a pipeline uses (uint8 [N, H, W, 3] already on its device) crops the same
                Tensor nhwc = Preprocessor.wrap(image).unsqueeze(0);
                assertTrue(torch.equal(crop, new Preprocessor(cropped, floatResize).fromUint8Batch(nhwc, ScalarType.Float)));
                // where the rules disagree, the other rule's window is a different picture
                long otherTop = rule == CropRounding.FLOOR ? torchvisionOffset(h, edge) : transformersOffset(h, edge);
                long otherLeft = rule == CropRounding.FLOOR ? torchvisionOffset(w, edge) : transformersOffset(w, edge);
                if (otherTop != top || otherLeft != left) {
                    assertFalse(torch.equal(resized.narrow(2, otherTop, edge).narrow(3, otherLeft, edge), crop));
                }
            }
        }
    }

    @Test
    void theRuleIsReadAndWrittenWithThePreprocessingConfig(@TempDir Path dir) throws IOException {
        PreprocessConfig halfEven = PreprocessConfig.defaults(96).withCropRounding(CropRounding.HALF_EVEN);
        assertEquals("half_even", halfEven.toJson().get(PreprocessConfig.CROP_ROUNDING_FIELD).asText());
        assertEquals("floor", PreprocessConfig.defaults(96).toJson().get(PreprocessConfig.CROP_ROUNDING_FIELD).asText());
        Path file = dir.resolve(PreprocessConfig.FILE);
        Files.writeString(file, halfEven.toJson().toString());
        assertEquals(CropRounding.HALF_EVEN, PreprocessConfig.read(file, 96).cropRounding());
        // transformers' own files have no such field: theirs is floor
        Files.writeString(file, "{\"crop_size\": 96, \"size\": 96}");
        assertEquals(CropRounding.FLOOR, PreprocessConfig.read(file, 96).cropRounding());
        Files.writeString(file, "{\"crop_rounding\": \"nearest\"}");
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> PreprocessConfig.read(file, 96));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("crop_rounding")
                && e.getMessage().contains("half_even"), e.getMessage());
    }

    @Test
    void theCommandLineSpellingParses() {
        assertEquals(CropRounding.HALF_EVEN, CropRounding.parse("half-even"));
        assertEquals(CropRounding.HALF_EVEN, CropRounding.parse("half_even"));
        assertEquals(CropRounding.FLOOR, CropRounding.parse("floor"));
        assertThrows(ClipException.class, () -> CropRounding.parse("round"));
    }

    /** Resize (and optionally crop) only: the 8-bit levels themselves, no rescale or normalisation. */
    private static PreprocessConfig rawPixels(int edge, boolean crop, CropRounding rule) {
        PreprocessConfig d = PreprocessConfig.defaults(edge);
        return new PreprocessConfig(edge, edge, edge, d.rescaleFactor(), d.mean(), d.std(), true, crop, false, false, rule);
    }

    /** Smooth gradients plus noise, so that a one-pixel shift changes the crop. */
    private static Mat randomImage(int rows, int cols, long seed) {
        Random random = new Random(seed);
        byte[] bytes = new byte[rows * cols * 3];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                for (int c = 0; c < 3; c++) {
                    int v = (x * 255 / cols + y * 97 / rows + c * 60 + random.nextInt(40)) & 0xff;
                    bytes[(y * cols + x) * 3 + c] = (byte) v;
                }
            }
        }
        Mat mat = new Mat(rows, cols, opencv_core.CV_8UC3);
        mat.data().put(bytes);
        return mat;
    }
}
