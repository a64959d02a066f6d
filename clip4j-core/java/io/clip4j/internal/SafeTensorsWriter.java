package io.clip4j.internal;

import io.clip4j.internal.SafeTensorsFile;
import io.clip4j.internal.SafeTensorsWriter;
import io.clip4j.internal.TensorDType;
import io.clip4j.internal.Tensors;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

/**
 * Writes tensors to a safetensors file that transformers and {@link SafeTensorsFile} read.
 * Tensors are written in name order from their CPU, contiguous bytes (copied there first when
 * needed); the file appears atomically (written beside it, then moved into place).
 */
public final class SafeTensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensorsWriter() {
    }

    /** Writes {@code tensors} (any device, any supported dtype) and optional metadata to {@code file}. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        try (PointerScope scope = new PointerScope()) {
            Map<String, Tensor> sorted = new TreeMap<>(tensors);
            List<Tensor> hostTensors = new ArrayList<>();
            ObjectNode header = JSON.createObjectNode();
            if (metadata != null && !metadata.isEmpty()) {
                ObjectNode meta = header.putObject("__metadata__");
                metadata.forEach(meta::put);
            }
            long offset = 0;
            Device cpu = new Device("cpu");
            for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
                Tensor host = e.getValue().to(cpu, e.getValue().scalar_type()).contiguous();
                hostTensors.add(host);
                long bytes = host.nbytes();
                ObjectNode entry = header.putObject(e.getKey());
                entry.put("dtype", TensorDType.of(host.scalar_type()).name());
                ArrayNode shape = entry.putArray("shape");
                for (long d : Tensors.shape(host)) {
                    shape.add(d);
                }
                entry.putArray("data_offsets").add(offset).add(offset + bytes);
                offset += bytes;
            }
            writeFile(file, header, hostTensors);
        }
    }

    private static void writeFile(Path file, ObjectNode header, List<Tensor> hostTensors) {
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // keeps the data area 8-byte aligned
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        Path parent = file.toAbsolutePath().getParent();
        AtomicFiles.requireReplaceable(file);
        try {
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".partial");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(out, head);
                for (Tensor t : hostTensors) {
                    if (t.nbytes() > 0) {
                        writeFully(out, new BytePointer(t.data_ptr()).capacity(t.nbytes()).asByteBuffer());
                    }
                }
                out.force(true);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
