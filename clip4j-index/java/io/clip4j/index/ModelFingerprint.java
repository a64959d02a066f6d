package io.clip4j.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clip4j.InvalidModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A SHA-256 fingerprint of the files that decide a model's image embeddings, cheap enough to
 * compute on every search: the whole of {@code config.json}, {@code preprocessor_config.json}
 * and {@code model.safetensors.index.json} where present, and of each weight file the model loads
 * ({@code model.safetensors}, the shards of the index, or the directory's one {@code *.safetensors})
 * its name, size, header (tensor names, shapes, types and offsets) and {@value #SAMPLES}
 * windows of {@value #WINDOW} bytes spread evenly over its weights. Renaming or moving the
 * directory does not change it; another architecture, another checkpoint of the same
 * architecture (a fine-tune changes the sampled weights) or other preprocessing does.
 * Tokenizer files are left out: they change text queries, not the indexed image vectors.
 */
public final class ModelFingerprint {
    static final int SAMPLES = 32;
    static final int WINDOW = 4096;
    /** Headers are JSON; anything this large is not a safetensors header. */
    private static final long MAX_HEADER = 100L << 20;
    private static final List<String> CONFIG_FILES =
            List.of("config.json", "model.safetensors.index.json", "preprocessor_config.json");

    private ModelFingerprint() {
    }

    /**
     * The fingerprint of a model directory.
     *
     * @param modelDir a model directory (Hugging Face layout or a single safetensors export)
     * @return 64 lower-case hex digits
     * @throws InvalidModelException if a file cannot be read or a safetensors header is malformed
     */
    public static String of(Path modelDir) {
        MessageDigest sha = sha256();
        for (String name : CONFIG_FILES) {
            Path file = modelDir.resolve(name);
            if (Files.isRegularFile(file)) {
                update(sha, "file " + name);
                try {
                    sha.update(Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new InvalidModelException(file, "cannot be read: " + e.getMessage(), e);
                }
            }
        }
        for (Path weights : safetensorsFiles(modelDir)) {
            weightsDigest(sha, weights);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The weight files the model loads, as the checkpoint loader picks them. */
    private static List<Path> safetensorsFiles(Path modelDir) {
        Path single = modelDir.resolve("model.safetensors");
        if (Files.isRegularFile(single)) {
            return List.of(single);
        }
        Path index = modelDir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(index)) {
            try {
                JsonNode weightMap = new ObjectMapper().readTree(index.toFile()).path("weight_map");
                TreeSet<String> shards = new TreeSet<>();
                weightMap.forEach(shard -> shards.add(shard.asText()));
                return shards.stream().map(modelDir::resolve).filter(Files::isRegularFile).toList();
            } catch (IOException e) {
                throw new InvalidModelException(index, "cannot be read: " + e.getMessage(), e);
            }
        }
        try (Stream<Path> files = Files.list(modelDir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".safetensors"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new InvalidModelException(modelDir, "cannot be listed: " + e.getMessage(), e);
        }
    }

    private static void weightsDigest(MessageDigest sha, Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            update(sha, "weights " + file.getFileName() + " " + size);
            ByteBuffer lengthBytes = read(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = lengthBytes.remaining() == 8 ? lengthBytes.getLong(0) : -1;
            if (headerLength < 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw new InvalidModelException(file, "is not a safetensors file (header length " + headerLength + ")");
            }
            sha.update(read(channel, 8, (int) headerLength));
            long dataStart = 8 + headerLength;
            long dataLength = size - dataStart;
            for (int i = 0; i < SAMPLES && dataLength > 0; i++) {
                long offset = dataStart + (dataLength - Math.min(WINDOW, dataLength)) * i / Math.max(1, SAMPLES - 1);
                sha.update(read(channel, offset, (int) Math.min(WINDOW, dataLength)));
            }
        } catch (IOException e) {
            throw new InvalidModelException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                break;
            }
        }
        return buffer.flip();
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
