package io.clip4j.internal;

import io.clip4j.internal.Checkpoint;
import io.clip4j.internal.CheckpointLayout;
import io.clip4j.internal.JsonFiles;
import io.clip4j.internal.SafeTensorsFile;
import com.fasterxml.jackson.databind.JsonNode;
import io.clip4j.InvalidModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * The weight files of a model directory: {@code model.safetensors}, or the shards listed in
 * {@code model.safetensors.index.json}, or (for original CLIP / OpenCLIP exports) the single
 * {@code *.safetensors} file in the directory. Names are the checkpoint's own; {@link CheckpointLayout}
 * maps them to the internal layout.
 */
public final class Checkpoint implements AutoCloseable {
    /** The single-file Hugging Face weights. */
    public static final String WEIGHTS = "model.safetensors";
    /** The index of a sharded Hugging Face checkpoint. */
    public static final String INDEX = "model.safetensors.index.json";

    private final Path source;
    private final List<SafeTensorsFile> files;
    private final Map<String, SafeTensorsFile> fileByTensor;

    private Checkpoint(Path source, List<SafeTensorsFile> files, Map<String, SafeTensorsFile> fileByTensor) {
        this.source = source;
        this.files = files;
        this.fileByTensor = fileByTensor;
    }

    /** Opens the weights of a model directory (or a single safetensors file). */
    public static Checkpoint open(Path dirOrFile) {
        if (Files.isRegularFile(dirOrFile)) {
            return single(dirOrFile);
        }
        if (!Files.isDirectory(dirOrFile)) {
            throw new InvalidModelException(dirOrFile, "model directory not found");
        }
        Path weights = dirOrFile.resolve(WEIGHTS);
        if (Files.exists(weights)) {
            return single(weights);
        }
        Path index = dirOrFile.resolve(INDEX);
        if (Files.exists(index)) {
            return sharded(index);
        }
        List<Path> candidates = safetensorsIn(dirOrFile);
        if (candidates.size() == 1) {
            return single(candidates.get(0));
        }
        if (candidates.isEmpty()) {
            List<String> pickles = picklesIn(dirOrFile);
            throw new InvalidModelException(dirOrFile, pickles.isEmpty() ? "no weights: expected " + WEIGHTS + " or " + INDEX
                    : picklesOnly(pickles));
        }
        throw new InvalidModelException(dirOrFile, "no " + WEIGHTS + " and several *.safetensors files " + candidates + "; name one");
    }

    /** Whether a file name is a PyTorch pickle ({@code pytorch_model.bin}, {@code open_clip_pytorch_model.bin}, {@code *.pt}). */
    public static boolean isPickle(String name) {
        return name.endsWith(".bin") || name.endsWith(".pt") || name.endsWith(".pth");
    }

    /** The refusal of weights that exist only as PyTorch pickles, with the conversion to run. */
    public static String picklesOnly(List<String> pickles) {
        String first = pickles.get(0);
        String target = first.startsWith("open_clip_") ? "open_clip_model.safetensors" : WEIGHTS;
        return "only PyTorch pickles " + pickles + ", which clip4j does not read (unpickling runs code); convert them once with "
                + "python3 -c \"import torch; from safetensors.torch import save_file; save_file(torch.load('" + first
                + "', map_location='cpu'), '" + target + "')\"";
    }

    private static List<String> picklesIn(Path dir) {
        try (var stream = Files.list(dir)) {
            return stream.map(p -> p.getFileName().toString()).filter(Checkpoint::isPickle).sorted().toList();
        } catch (IOException e) {
            throw new InvalidModelException(dir, "cannot list: " + e.getMessage(), e);
        }
    }

    private static List<Path> safetensorsIn(Path dir) {
        try (var stream = Files.list(dir)) {
            return stream.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidModelException(dir, "cannot list: " + e.getMessage(), e);
        }
    }

    private static Checkpoint single(Path file) {
        SafeTensorsFile st = SafeTensorsFile.open(file);
        Map<String, SafeTensorsFile> byTensor = new LinkedHashMap<>();
        st.entries().keySet().forEach(name -> byTensor.put(name, st));
        return new Checkpoint(file, List.of(st), byTensor);
    }

    private static Checkpoint sharded(Path index) {
        JsonNode weightMap = readWeightMap(index);
        Path dir = index.toAbsolutePath().getParent();
        Map<String, SafeTensorsFile> shards = new LinkedHashMap<>();
        Map<String, SafeTensorsFile> byTensor = new LinkedHashMap<>();
        try {
            for (var it = weightMap.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                String tensor = e.getKey();
                String shardName = e.getValue().asText();
                Path shardPath = dir.resolve(shardName).normalize();
                // Shards must be plain file names: an index may not point outside the model directory.
                if (!e.getValue().isTextual() || !dir.normalize().equals(shardPath.getParent())) {
                    throw new InvalidModelException(index, "weight_map['" + tensor + "'] must name a file in "
                            + "the model directory, not " + e.getValue());
                }
                SafeTensorsFile shard = shards.computeIfAbsent(shardName, n -> SafeTensorsFile.open(shardPath));
                if (!shard.entries().containsKey(tensor)) {
                    throw new InvalidModelException(shardPath, "tensor '" + tensor + "' listed in " + INDEX
                            + " is not in this shard");
                }
                byTensor.put(tensor, shard);
            }
        } catch (RuntimeException e) {
            shards.values().forEach(SafeTensorsFile::close);
            throw e;
        }
        return new Checkpoint(index, List.copyOf(shards.values()), byTensor);
    }

    private static JsonNode readWeightMap(Path index) {
        JsonNode root = JsonFiles.readObject(index);
        JsonNode weightMap = root.get("weight_map");
        if (weightMap == null || !weightMap.isObject()) {
            throw new InvalidModelException(index, "field 'weight_map' must be an object");
        }
        return weightMap;
    }

    /** The parameter naming of its tensors. */
    public CheckpointLayout layout() {
        return CheckpointLayout.detect(fileByTensor.keySet());
    }

    /** The file this checkpoint was opened from (weights file or index), for messages. */
    public Path source() {
        return source;
    }

    /** Every tensor name in the checkpoint, in file order. */
    public Map<String, SafeTensorsFile> tensors() {
        return Collections.unmodifiableMap(fileByTensor);
    }

    /** The file that holds a tensor (for error messages). */
    public Path fileOf(String name) {
        SafeTensorsFile f = fileByTensor.get(name);
        return f == null ? source : f.path();
    }

    /** Shape of a tensor as stored. */
    public long[] shape(String name) {
        return file(name).entry(name).shape();
    }

    /** A zero-copy CPU view of a stored tensor; valid while this checkpoint is reachable. */
    public Tensor view(String name) {
        return file(name).tensor(name);
    }

    private SafeTensorsFile file(String name) {
        SafeTensorsFile f = fileByTensor.get(name);
        if (f == null) {
            throw new InvalidModelException(source, "missing tensor '" + name + "'");
        }
        return f;
    }

    /** The open files (kept reachable by the model so its zero-copy weights stay mapped). */
    public List<SafeTensorsFile> files() {
        return new ArrayList<>(files);
    }

    /** Closes the file handles; mapped views stay valid while this object is reachable. */
    @Override
    public void close() {
        files.forEach(SafeTensorsFile::close);
    }
}
