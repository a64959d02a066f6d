package io.clip4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.internal.SafeTensorsFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The parity fixtures and test data in the repository's {@code testdata/} (tests run from the
 * project root; see testdata/README.md for what each file is and which reference made it).
 */
public final class Fixtures {
    /** The repository's test data. */
    public static final Path TESTDATA = Path.of("testdata");
    /** The tiny random-weight CLIP in Hugging Face layout. */
    public static final Path TINY_CLIP = TESTDATA.resolve("tiny-clip");
    /** The tiny-clip fixture's images. */
    public static final Path IMAGES = TINY_CLIP.resolve("images");
    /** The ImageNet class names and the CLIP paper's 80 templates. */
    public static final Path IMAGENET_PROMPTS = TESTDATA.resolve("prompts/imagenet-prompts.json");
    /** The CIFAR-10 classes and 18 templates. */
    public static final Path CIFAR10_PROMPTS = TESTDATA.resolve("prompts/cifar10-prompts.json");

    private static SafeTensorsFile reference;
    private static JsonNode referenceJson;

    private Fixtures() {
    }

    private static Path hfVocabulary;

    /**
     * A folder holding the real CLIP vocabulary in Hugging Face's form, {@code vocab.json} and
     * {@code merges.txt}: testdata/vocab keeps them gzipped, and this unpacks them once per JVM
     * into a temporary folder removed at exit.
     */
    public static synchronized Path hfVocabulary() {
        if (hfVocabulary == null) {
            hfVocabulary = unpacked(TESTDATA.resolve("vocab"), "vocab.json", "merges.txt");
        }
        return hfVocabulary;
    }

    /** A temporary folder (removed when the JVM exits) holding {@code from/NAME.gz} unpacked for each name. */
    private static Path unpacked(Path from, String... names) {
        try {
            Path dir = Files.createTempDirectory("clip4j-vocab");
            dir.toFile().deleteOnExit();
            for (String name : names) {
                Path target = dir.resolve(name);
                try (InputStream in = new GZIPInputStream(Files.newInputStream(from.resolve(name + ".gz")))) {
                    Files.copy(in, target);
                }
                target.toFile().deleteOnExit();
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code reference.safetensors}: the reference implementation's inputs and outputs. */
    public static synchronized SafeTensorsFile reference() {
        if (reference == null) {
            reference = SafeTensorsFile.open(TINY_CLIP.resolve("reference.safetensors"));
        }
        return reference;
    }

    /** {@code reference.json}: texts, image names, both tokenizers' ids. */
    public static synchronized JsonNode referenceJson() {
        if (referenceJson == null) {
            referenceJson = readJson(TINY_CLIP.resolve("reference.json"));
        }
        return referenceJson;
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One of the 224-pixel references ({@code pixel_values_224}, {@code pixel_values_224_pil}), flattened
     * NCHW float32. The repository stores them as the 8-bit levels both reference pipelines normalised
     * ({@code pixel_levels_224*}); this applies the fixture's mean and std as the processor did, which
     * reproduces the original float32 tensors to 2.4e-7 (dev/testdata/import_tiny_clip.py checks it).
     */
    public static float[] pixels224(String key) {
        if (!key.startsWith("pixel_values_224")) {
            throw new IllegalArgumentException("not a 224-pixel reference: " + key);
        }
        String levelsKey = key.replace("pixel_values", "pixel_levels");
        byte[] levels = reference().rawBytes(levelsKey);
        long[] shape = reference().entry(levelsKey).shape();
        int plane = Math.toIntExact(shape[2] * shape[3]);
        JsonNode pre = readJson(TINY_CLIP.resolve("preprocessor_config.json"));
        float[] out = new float[levels.length];
        for (int i = 0; i < out.length; i++) {
            int channel = (i / plane) % 3;
            float mean = (float) pre.get("image_mean").get(channel).asDouble();
            float std = (float) pre.get("image_std").get(channel).asDouble();
            out[i] = ((levels[i] & 0xff) / 255f - mean) / std;
        }
        return out;
    }

    /** Asserts two flat arrays have equal length and differ by at most {@code tolerance} anywhere; returns the max difference. */
    public static double assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double max = 0;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (!(d <= max)) {
                max = d;
                worst = i;
            }
        }
        double found = max;
        int at = worst;
        assertTrue(found <= tolerance, () -> what + ": max |difference| " + found + " at index " + at
                + " exceeds " + tolerance);
        return max;
    }

    /** The cosine of two vectors, in double. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /** A copy of a float32 tensor's values (any device, any strides), flattened. */
    public static float[] floats(org.bytedeco.pytorch.Tensor t) {
        try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
            org.bytedeco.pytorch.Tensor host = t.cpu().contiguous();
            float[] out = new float[(int) host.numel()];
            new org.bytedeco.javacpp.FloatPointer(host.data_ptr()).get(out);
            return out;
        }
    }

    /** Flattens rows into one array. */
    public static float[] flatten(float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * width, width);
        }
        return out;
    }
}
