package io.clip4j.internal;

import io.clip4j.model.ClipConfig;
import io.clip4j.internal.Checkpoint;
import io.clip4j.internal.CheckpointLayout;
import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.ExpectedShapes;
import io.clip4j.internal.ShapeInference;
import io.clip4j.InvalidModelException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A CLIP model's parameters in the internal layout (see {@link CheckpointLayout}), converted once
 * to the requested device and dtype. Loading is all or nothing: the checkpoint is checked
 * completely against the configuration before any tensor is converted, and a failure part-way
 * frees what was made. Where no conversion is needed (fp32 weights on the CPU), tensors stay
 * zero-copy views of the memory-mapped file, which this object keeps reachable.
 */
public final class ClipWeights implements AutoCloseable {
    private static final String[] QKV = {"q_proj", "k_proj", "v_proj"};

    private final ClipConfig config;
    private final Map<String, Tensor> tensors;
    private final float logitScale;
    // Keeps the mapped files reachable: zero-copy weights point into them (null for random weights).
    @SuppressWarnings({"unused", "FieldCanBeLocal"})
    private final Checkpoint checkpoint;

    // What was derived from the weights (int8 and FP8 copies of linear layers), by key, freed with them.
    private final Map<String, AutoCloseable> derived = new LinkedHashMap<>();

    private ClipWeights(ClipConfig config, Map<String, Tensor> tensors, float logitScale, Checkpoint checkpoint) {
        this.config = config;
        this.tensors = tensors;
        this.logitScale = logitScale;
        this.checkpoint = checkpoint;
    }

    /**
     * Reads, checks and converts a checkpoint.
     *
     * @param config the model's configuration, or null to infer it from the tensor shapes
     * @throws InvalidModelException naming the file and tensor when a tensor is missing,
     *     unexpected, or shaped differently from what the configuration says
     */
    public static ClipWeights load(Checkpoint checkpoint, ClipConfig config, Device device, ScalarType dtype) {
        Map<String, List<CheckpointLayout.Source>> sources = sources(checkpoint);
        Map<String, long[]> shapes = shapes(checkpoint, sources);
        ClipConfig resolved = config != null ? config : ShapeInference.infer(shapes, checkpoint.source());
        requireLayerCounts(checkpoint, resolved, shapes);
        check(checkpoint, ExpectedShapes.of(resolved), shapes, sources);

        Map<String, Tensor> converted = new LinkedHashMap<>();
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            for (var e : sources.entrySet()) {
                Tensor t = materialise(checkpoint, e.getValue()).to(device, dtype).contiguous();
                requireFinite(checkpoint, e.getValue().get(0).name(), t, dtype);
                t.retainReference(); // survives the scope; released in close()
                converted.put(e.getKey(), t);
            }
            float logitScale = converted.get("logit_scale").to(ScalarType.Float).item_float();
            return new ClipWeights(resolved, converted, logitScale, checkpoint);
        } catch (RuntimeException | Error e) {
            converted.values().forEach(Tensor::close);
            throw e;
        }
    }

    /**
     * The configuration's layer counts against the layers the weights hold, before a map of every expected
     * tensor is built: {@code num_hidden_layers} 1e6 used to build millions of entries (gigabytes) only to
     * report a missing tensor.
     */
    private static void requireLayerCounts(Checkpoint checkpoint, ClipConfig config, Map<String, long[]> shapes) {
        int[][] towers = {{config.text().layers(), layersIn(shapes, "text_model.encoder.layers.")},
                {config.vision().layers(), layersIn(shapes, "vision_model.encoder.layers.")}};
        String[] fields = {"text_config.num_hidden_layers", "vision_config.num_hidden_layers"};
        for (int i = 0; i < 2; i++) {
            if (towers[i][0] > towers[i][1]) { // fewer: the shape check names the first unexpected tensor
                throw new io.clip4j.InvalidModelException(checkpoint.source(), "the configuration's " + fields[i] + " is "
                        + towers[i][0] + " but the weights hold " + towers[i][1] + " such layers");
            }
        }
    }

    private static int layersIn(Map<String, long[]> shapes, String prefix) {
        java.util.Set<String> layers = new java.util.HashSet<>();
        for (String name : shapes.keySet()) {
            if (name.startsWith(prefix)) {
                int dot = name.indexOf('.', prefix.length());
                layers.add(name.substring(prefix.length(), dot < 0 ? name.length() : dot));
            }
        }
        return layers.size();
    }

    /**
     * A NaN or an infinity in a weight makes every output NaN, and scores compared against a threshold
     * (moderation) then never fire: such a checkpoint is damaged and refused at load, naming the tensor.
     * Checked after conversion, so a value that overflows the requested precision is caught too.
     */
    private static void requireFinite(Checkpoint checkpoint, String stored, Tensor t, ScalarType dtype) {
        if (t.is_floating_point() && !torch.isfinite(t).all().item_bool()) {
            throw new io.clip4j.InvalidModelException(checkpoint.source(), "tensor '" + stored + "' holds NaN or infinite values"
                    + (dtype == ScalarType.Float ? "" : " in " + dtype) + "; the checkpoint is damaged");
        }
    }

    /**
     * The configuration implied by a checkpoint's tensor shapes (for checkpoints without
     * {@code config.json}); reads only the headers.
     */
    public static ClipConfig inferConfig(Checkpoint checkpoint) {
        return ShapeInference.infer(shapes(checkpoint, sources(checkpoint)), checkpoint.source());
    }

    /**
     * The model directory's {@code config.json}; where it has none, OpenCLIP's {@code open_clip_config.json};
     * where it has neither, what the weights' shapes imply.
     */
    public static ClipConfig configFor(java.nio.file.Path directory, Checkpoint checkpoint) {
        java.nio.file.Path configJson = directory.resolve("config.json");
        if (java.nio.file.Files.exists(configJson)) {
            return ClipConfig.read(configJson);
        }
        return OpenClipConfig.in(directory).map(OpenClipConfig::clip).orElseGet(() -> inferConfig(checkpoint));
    }

    /** Internal names mapped to the stored tensors they are made of. */
    private static Map<String, List<CheckpointLayout.Source>> sources(Checkpoint checkpoint) {
        CheckpointLayout layout = CheckpointLayout.detect(checkpoint.tensors().keySet());
        return fuseQkv(layout.internalNames(checkpoint));
    }

    private static Map<String, long[]> shapes(Checkpoint checkpoint, Map<String, List<CheckpointLayout.Source>> sources) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        sources.forEach((name, parts) -> shapes.put(name, shapeOf(checkpoint, parts)));
        return shapes;
    }

    /**
     * Randomly initialised weights of the given shapes (normal, std 0.02; LayerNorms as
     * identity), for benchmarks and tests that need a model of real size without a download.
     */
    public static ClipWeights random(ClipConfig config, Device device, ScalarType dtype, long seed) {
        torch.manual_seed(seed);
        Map<String, Tensor> made = new LinkedHashMap<>();
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            TensorOptions options = new TensorOptions(device).dtype(new ScalarTypeOptional(dtype));
            for (var e : ExpectedShapes.of(config).entrySet()) {
                String name = e.getKey();
                Tensor t;
                if (name.equals("logit_scale")) {
                    t = torch.full(e.getValue(), new Scalar(Math.log(1 / 0.07)), options);
                } else if (name.contains("norm") && name.endsWith(".weight")) {
                    t = torch.ones(e.getValue(), options);
                } else if (name.endsWith(".bias")) {
                    t = torch.zeros(e.getValue(), options);
                } else if (name.contains(".stem.")) { // He initialisation: the stem's convolutions feed ReLUs
                    long[] shape = e.getValue();
                    double fanIn = shape[1] * shape[2] * shape[3];
                    t = torch.randn(shape, options).mul_(new Scalar(Math.sqrt(2 / fanIn)));
                } else {
                    t = torch.randn(e.getValue(), options).mul_(new Scalar(0.02));
                }
                t.retainReference(); // survives the scope; released in close()
                made.put(name, t);
            }
            return new ClipWeights(config, made, (float) Math.log(1 / 0.07), null);
        } catch (RuntimeException | Error e) {
            made.values().forEach(Tensor::close);
            throw e;
        }
    }

    /**
     * Wraps parameters already in the internal layout (e.g. being trained), taking ownership:
     * {@link #close()} frees them. The names and shapes must be those {@link ExpectedShapes} gives.
     */
    public static ClipWeights of(ClipConfig config, Map<String, Tensor> tensors) {
        var expected = ExpectedShapes.of(config);
        if (!expected.keySet().equals(tensors.keySet())) {
            throw new IllegalArgumentException("parameters must be exactly " + expected.keySet());
        }
        float scale;
        try (PointerScope scope = new PointerScope()) {
            scale = (float) tensors.get("logit_scale").detach().item_double();
        }
        return new ClipWeights(config, new LinkedHashMap<>(tensors), scale, null);
    }

    /** Replaces each Hugging Face q/k/v triple by one fused {@code qkv_proj} entry. */
    private static Map<String, List<CheckpointLayout.Source>> fuseQkv(Map<String, CheckpointLayout.Source> names) {
        Map<String, List<CheckpointLayout.Source>> out = new LinkedHashMap<>();
        for (var e : names.entrySet()) {
            String name = e.getKey();
            String fused = null;
            for (String part : QKV) {
                if (name.contains(".self_attn." + part + ".")) {
                    fused = name.replace(part, "qkv_proj");
                }
            }
            if (fused == null) {
                out.put(name, List.of(e.getValue()));
            } else if (!out.containsKey(fused)) {
                List<CheckpointLayout.Source> parts = new ArrayList<>();
                for (String part : QKV) {
                    String partName = fused.replace("qkv_proj", part);
                    CheckpointLayout.Source s = names.get(partName);
                    parts.add(s != null ? s : new CheckpointLayout.Source(partName, false));
                }
                out.put(fused, parts);
            }
        }
        return out;
    }

    private static long[] shapeOf(Checkpoint checkpoint, List<CheckpointLayout.Source> parts) {
        long[] total = null;
        for (CheckpointLayout.Source s : parts) {
            if (!checkpoint.tensors().containsKey(s.name())) {
                throw new InvalidModelException(checkpoint.source(), "missing tensor '" + s.name() + "'");
            }
            long[] shape = checkpoint.shape(s.name()).clone();
            if (s.transposed() && shape.length == 2) {
                shape = new long[] {shape[1], shape[0]};
            }
            if (total == null) {
                total = shape;
            } else if (total.length == shape.length && shape.length > 0) {
                total[0] += shape[0]; // q, k, v rows stack
            }
        }
        return total;
    }

    private static void check(Checkpoint checkpoint, Map<String, long[]> expected, Map<String, long[]> actual,
                              Map<String, List<CheckpointLayout.Source>> sources) {
        for (var e : expected.entrySet()) {
            long[] shape = actual.get(e.getKey());
            if (shape == null) {
                throw new InvalidModelException(checkpoint.source(), "missing tensor '" + e.getKey() + "'");
            }
            if (!Arrays.equals(shape, e.getValue())) {
                String stored = sources.get(e.getKey()).get(0).name();
                throw new InvalidModelException(checkpoint.fileOf(stored), "tensor '" + stored + "' has shape "
                        + Arrays.toString(shape) + " but the configuration implies " + Arrays.toString(e.getValue()));
            }
        }
        for (String name : new TreeSet<>(actual.keySet())) {
            if (!expected.containsKey(name)) {
                String stored = sources.get(name).get(0).name();
                throw new InvalidModelException(checkpoint.fileOf(stored), "unexpected tensor '" + stored
                        + "' (not part of a CLIP model with this configuration)");
            }
        }
    }

    private static Tensor materialise(Checkpoint checkpoint, List<CheckpointLayout.Source> parts) {
        if (parts.size() == 1) {
            return view(checkpoint, parts.get(0));
        }
        TensorVector pieces = new TensorVector();
        for (CheckpointLayout.Source s : parts) {
            pieces.push_back(view(checkpoint, s));
        }
        return torch.cat(pieces, 0);
    }

    private static Tensor view(Checkpoint checkpoint, CheckpointLayout.Source s) {
        Tensor t = checkpoint.view(s.name());
        return s.transposed() ? t.t() : t;
    }

    /** The configuration these weights were checked against. */
    public ClipConfig config() {
        return config;
    }

    /** The learned temperature as stored (the logits use {@code exp(logitScale)}). */
    public float logitScale() {
        return logitScale;
    }

    /** A parameter by internal name. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'");
        }
        return t;
    }

    /** All parameters by internal name (read-only view). */
    public Map<String, Tensor> all() {
        return java.util.Collections.unmodifiableMap(tensors);
    }

    /**
     * What {@code make} derives from these weights under {@code key}, made on the first call and
     * shared by later ones (two towers over one set of weights quantize each layer once), and
     * closed with the weights.
     */
    @SuppressWarnings("unchecked")
    synchronized <T extends AutoCloseable> T derived(String key, java.util.function.Supplier<T> make) {
        return (T) derived.computeIfAbsent(key, k -> make.get());
    }

    /** Frees the converted tensors and what was derived from them. */
    @Override
    public void close() {
        synchronized (this) {
            for (AutoCloseable d : derived.values()) {
                try {
                    d.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot free a derived tensor", e);
                }
            }
            derived.clear();
        }
        tensors.values().forEach(Tensor::close);
        if (checkpoint != null) {
            checkpoint.close();
        }
    }

}
