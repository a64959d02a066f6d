package io.clip4j.model;

import io.clip4j.internal.SafeTensorsFile;
import io.clip4j.internal.SafeTensorsWriter;
import io.clip4j.internal.TensorDType;
import io.clip4j.internal.Tensors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.InvalidModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading, writing and refusing safetensors files. */
class SafeTensorsFileTest {
    @TempDir
    Path dir;

    /** Bytes of a file with the given header JSON and {@code dataBytes} bytes of data. */
    private Path file(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        for (int i = 0; i < dataBytes / 4; i++) {
            b.putFloat(i);
        }
        Path p = dir.resolve("t.safetensors");
        Files.write(p, b.array());
        return p;
    }

    private String failure(Path p) {
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> SafeTensorsFile.open(p));
        assertTrue(e.getMessage().contains(p.toString()), "message names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsTensorsWithoutCopying() throws IOException {
        Path p = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},\"__metadata__\":{\"k\":\"v\"}}", 24);
        try (SafeTensorsFile f = SafeTensorsFile.open(p); PointerScope scope = new PointerScope()) {
            assertEquals(Map.of("k", "v"), f.metadata());
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, f.floats("a"));
            Tensor t = f.tensor("a");
            assertArrayEquals(new long[] {2, 3}, Tensors.shape(t));
            float[] values = new float[6];
            new FloatPointer(t.data_ptr()).get(values);
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, values);
        }
    }

    @Test
    void writerRoundTripsEveryDtype() {
        Path p = dir.resolve("round.safetensors");
        try (PointerScope scope = new PointerScope()) {
            Tensor floats = org.bytedeco.pytorch.global.torch.randn(4, 5);
            Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
            for (TensorDType d : TensorDType.values()) {
                tensors.put("t_" + d, floats.to(d.scalarType()));
            }
            SafeTensorsWriter.write(p, tensors, Map.of("format", "pt"));
            try (SafeTensorsFile f = SafeTensorsFile.open(p)) {
                assertEquals(TensorDType.values().length, f.entries().size());
                for (TensorDType d : TensorDType.values()) {
                    Tensor back = f.tensor("t_" + d);
                    assertEquals(d.scalarType(), back.scalar_type().intern());
                    assertTrue(back.equal(tensors.get("t_" + d)), "values of " + d);
                }
                assertEquals("pt", f.metadata().get("format"));
            }
        }
    }

    @Test
    void missingFile() {
        assertTrue(failure(dir.resolve("none.safetensors")).contains("not found"));
    }

    @Test
    void fileShorterThanTheLengthField() throws IOException {
        Path p = dir.resolve("short.safetensors");
        Files.write(p, new byte[] {1, 2, 3});
        assertTrue(failure(p).contains("too short"));
    }

    @Test
    void headerLongerThanTheFile() throws IOException {
        Path p = dir.resolve("long.safetensors");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).put(new byte[8]);
        Files.write(p, b.array());
        assertTrue(failure(p).contains("header length 1000"));
    }

    @Test
    void malformedJson() throws IOException {
        assertTrue(failure(file("{\"a\": [", 0)).contains("not valid JSON"));
    }

    @Test
    void unknownDtype() throws IOException {
        String m = failure(file("{\"a\":{\"dtype\":\"F8_XYZ\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        assertTrue(m.contains("'a'") && m.contains("unknown dtype 'F8_XYZ'"), m);
    }

    @Test
    void offsetsOutOfRange() throws IOException {
        String m = failure(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4));
        assertTrue(m.contains("'a'") && m.contains("out of range"), m);
    }

    @Test
    void offsetsReversed() throws IOException {
        String m = failure(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}", 4));
        assertTrue(m.contains("'a'") && m.contains("out of range"), m);
    }

    @Test
    void overlappingTensors() throws IOException {
        String m = failure(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
        assertTrue(m.contains("'a'") && m.contains("'b'") && m.contains("overlap"), m);
    }

    @Test
    void byteCountNotMatchingTheShape() throws IOException {
        String m = failure(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8));
        assertTrue(m.contains("'a'") && m.contains("needs 12"), m);
    }

    @Test
    void negativeOrNonIntegerShape() throws IOException {
        String m = failure(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4));
        assertTrue(m.contains("'a'") && m.contains("shape"), m);
        m = failure(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4));
        assertTrue(m.contains("shape"), m);
    }

    @Test
    void headerThatIsNotAnObject() throws IOException {
        assertTrue(failure(file("[1,2]", 0)).contains("not a JSON object"));
    }
}
