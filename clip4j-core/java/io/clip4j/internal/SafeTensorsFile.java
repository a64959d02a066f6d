package io.clip4j.internal;

import io.clip4j.internal.SafeTensorsFile;
import io.clip4j.internal.TensorDType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.InvalidModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * A safetensors file opened read-only through a memory map. The format: an 8-byte little-endian
 * header length, a JSON header mapping tensor names to {@code dtype}, {@code shape} and
 * {@code data_offsets}, then the raw little-endian data. The whole header is validated on open,
 * so a file that opens can be read without further checks.
 *
 * <p>{@link #tensor(String)} wraps the mapped bytes without copying; the mapping lives as long
 * as this object, so tensors taken from it must not outlive it (convert or clone them first).
 * The file is only read; closing releases the handle, the mappings go with this object.
 */
public final class SafeTensorsFile implements AutoCloseable {
    /** A header larger than this is refused before it is read (real headers are well under 1 MB). */
    static final long MAX_HEADER_BYTES = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tensor's entry in the header; {@code begin}/{@code end} are relative to the data area. */
    public record Entry(String name, TensorDType dtype, long[] shape, long begin, long end) {
        /** Number of elements (1 for a scalar). */
        public long numel() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }

    private final Path path;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;
    private final FileChannel channel;
    private final long dataStart;
    // Keeps every mapped region (and the Pointer over it) reachable as long as this file is:
    // the tensors from tensor() point into them.
    private final List<BytePointer> mappings = Collections.synchronizedList(new ArrayList<>());

    private SafeTensorsFile(Path path, Map<String, Entry> entries, Map<String, String> metadata,
                            FileChannel channel, long dataStart) {
        this.path = path;
        this.entries = entries;
        this.metadata = metadata;
        this.channel = channel;
        this.dataStart = dataStart;
    }

    /**
     * Opens and validates a safetensors file.
     *
     * @throws InvalidModelException naming the file and the tensor when the file is missing,
     *     truncated, has a malformed or inconsistent header, or an unknown dtype
     */
    public static SafeTensorsFile open(Path path) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new InvalidModelException(path, "safetensors data is little-endian; this host is not");
        }
        FileChannel channel;
        ModelFiles.requireRegular(path);
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new InvalidModelException(path, "file not found");
        } catch (IOException e) {
            throw new InvalidModelException(path, "cannot open: " + e.getMessage(), e);
        }
        try {
            return read(path, channel);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static SafeTensorsFile read(Path path, FileChannel channel) {
        try {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new InvalidModelException(path, "too short for a safetensors file (" + fileSize + " bytes)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength < 2 || headerLength > fileSize - 8 || headerLength > MAX_HEADER_BYTES) {
                throw new InvalidModelException(path, "header length " + Long.toUnsignedString(headerLength)
                        + " does not fit in a file of " + fileSize + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            while (header.hasRemaining() && channel.read(header, 8 + header.position()) > 0) {
                // read the whole header
            }
            String json = new String(header.array(), StandardCharsets.UTF_8);
            long dataStart = 8 + headerLength;
            Header parsed = parseHeader(path, json, fileSize - dataStart);
            return new SafeTensorsFile(path, parsed.entries, parsed.metadata, channel, dataStart);
        } catch (IOException e) {
            throw new InvalidModelException(path, "cannot read: " + e.getMessage(), e);
        }
    }

    private record Header(Map<String, Entry> entries, Map<String, String> metadata) {
    }

    private static Header parseHeader(Path path, String json, long dataSize) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidModelException(path, "header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidModelException(path, "header is not a JSON object");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                field.getValue().properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            Entry entry = parseEntry(path, field.getKey(), field.getValue(), dataSize);
            entries.put(entry.name(), entry);
        }
        checkNoOverlap(path, entries.values());
        return new Header(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(metadata));
    }

    private static Entry parseEntry(Path path, String name, JsonNode node, long dataSize) {
        String where = "tensor '" + name + "': ";
        if (!node.isObject()) {
            throw new InvalidModelException(path, where + "header entry is not an object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new InvalidModelException(path, where + "missing 'dtype'");
        }
        TensorDType dtype = TensorDType.parse(dtypeNode.asText());
        if (dtype == null) {
            throw new InvalidModelException(path, where + "unknown dtype '" + dtypeNode.asText() + "'");
        }
        long[] shape = longArray(path, where + "'shape'", node.get("shape"), -1);
        long[] offsets = longArray(path, where + "'data_offsets'", node.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataSize) {
            throw new InvalidModelException(path, where + "data_offsets [" + begin + ", " + end
                    + "] out of range of the " + dataSize + "-byte data area");
        }
        Entry entry = new Entry(name, dtype, shape, begin, end);
        long expected;
        try {
            expected = Math.multiplyExact(entry.numel(), dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new InvalidModelException(path, where + "shape is too large");
        }
        if (expected != end - begin) {
            throw new InvalidModelException(path, where + "holds " + (end - begin) + " bytes but shape "
                    + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + expected);
        }
        return entry;
    }

    private static long[] longArray(Path path, String field, JsonNode node, int requiredLength) {
        if (node == null || !node.isArray() || (requiredLength >= 0 && node.size() != requiredLength)) {
            throw new InvalidModelException(path, field + " must be an array"
                    + (requiredLength >= 0 ? " of " + requiredLength + " integers" : " of integers"));
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
                throw new InvalidModelException(path, field + " holds '" + v + "', not a non-negative integer");
            }
            values[i] = v.asLong();
        }
        return values;
    }

    private static void checkNoOverlap(Path path, java.util.Collection<Entry> all) {
        List<Entry> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < sorted.size(); i++) {
            Entry previous = sorted.get(i - 1);
            Entry current = sorted.get(i);
            if (current.begin() < previous.end() && current.end() > current.begin()) {
                throw new InvalidModelException(path, "tensors '" + previous.name() + "' and '"
                        + current.name() + "' overlap in the data area");
            }
        }
    }

    /** The file this was read from. */
    public Path path() {
        return path;
    }

    /** Header entries by tensor name, in file order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The optional {@code __metadata__} strings. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The header entry of a tensor, or an error naming the file and tensor. */
    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new InvalidModelException(path, "no tensor named '" + name + "'");
        }
        return e;
    }

    /**
     * A CPU tensor over the mapped bytes of one tensor, without a copy. It is valid only while
     * this file is reachable: keep a reference to this object as long as the tensor is used.
     * Like any new Pointer, the tensor belongs to the caller's innermost {@code PointerScope}.
     */
    public Tensor tensor(String name) {
        Entry e = entry(name);
        MappedByteBuffer bytes = map(e);
        // The pointer holds the buffer, and the buffer holds the mapping; the tensor holds neither,
        // so callers keep this SafeTensorsFile (which keeps the channel) alive.
        BytePointer data = new BytePointer(bytes);
        mappings.add(data);
        return torch.from_blob(data, e.shape(), new TensorOptions(e.dtype().scalarType()));
    }

    private MappedByteBuffer map(Entry e) {
        long length = e.end() - e.begin();
        if (length > Integer.MAX_VALUE) {
            throw new InvalidModelException(path, "tensor '" + e.name() + "' is over 2 GiB; split the checkpoint into shards");
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), length);
        } catch (IOException ex) {
            throw new InvalidModelException(path, "cannot map tensor '" + e.name() + "': " + ex.getMessage(), ex);
        }
    }

    /** Copies one tensor's raw bytes into a heap array (for small tensors and tests). */
    public byte[] rawBytes(String name) {
        Entry e = entry(name);
        ByteBuffer buffer = map(e);
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    /** Reads a float32 tensor into a flat Java array (for tests and small tensors). */
    public float[] floats(String name) {
        Entry e = entry(name);
        if (e.dtype() != TensorDType.F32) {
            throw new InvalidModelException(path, "tensor '" + name + "' is " + e.dtype() + ", not F32");
        }
        float[] out = new float[Math.toIntExact(e.numel())];
        map(e).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** Reads an int64 tensor into a flat Java array (for tests and small tensors). */
    public long[] longs(String name) {
        Entry e = entry(name);
        if (e.dtype() != TensorDType.I64) {
            throw new InvalidModelException(path, "tensor '" + name + "' is " + e.dtype() + ", not I64");
        }
        long[] out = new long[Math.toIntExact(e.numel())];
        map(e).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }

    /**
     * Closes the file handle. Mapped regions stay valid until this object becomes unreachable,
     * so tensors already taken remain usable while their owner holds this object.
     */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing useful to do: the file was only read
        }
    }
}
