package io.clip4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.internal.SafeTensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared parity fixtures, read in place from {@code ../shared} (never copied into the repo). */
public final class Fixtures {
    /** The tiny random-weight CLIP in Hugging Face layout. */
    public static final Path TINY_CLIP = shared().resolve("fixtures/tiny-clip");
    /** The shared real CLIP vocabulary in its three forms. */
    public static final Path VOCAB = shared().resolve("vocab");

    private static SafeTensorsFile reference;
    private static JsonNode referenceJson;

    private Fixtures() {
    }

    /** {@code reference.safetensors}: the reference implementation's inputs and outputs. */
    /** The shared material beside the checkout; CLIP4J_SHARED points elsewhere (the GPU machine's copy). */
    private static Path shared() {
        return Path.of(System.getenv().getOrDefault("CLIP4J_SHARED", "../shared"));
    }

    public static synchronized SafeTensorsFile reference() {
        if (reference == null) {
            reference = SafeTensorsFile.open(TINY_CLIP.resolve("reference.safetensors"));
        }
        return reference;
    }

    /** {@code reference.json}: texts, image names, both tokenizers' ids. */
    public static synchronized JsonNode referenceJson() {
        if (referenceJson == null) {
            try {
                referenceJson = new ObjectMapper().readTree(Files.readString(TINY_CLIP.resolve("reference.json")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return referenceJson;
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
