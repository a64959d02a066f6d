package io.clip4j.train.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.clip4j.ClipModel;
import io.clip4j.InvalidModelException;
import io.clip4j.internal.SafeTensorsFile;
import io.clip4j.internal.SafeTensorsWriter;
import io.clip4j.internal.TensorDType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Saves and loads a {@link ProbeHead} as a small safetensors file, so that any safetensors reader
 * (Python included) can open it: tensors {@code weight} (F32 {@code [labels, dim]}) and
 * {@code bias} (F32 {@code [labels]}), and metadata {@code format} ({@value #FORMAT}),
 * {@code labels} (a JSON array of strings, in row order), {@code dim} and {@code model} (the
 * name of the model directory whose embeddings it was trained on).
 *
 * <p>Reading checks everything before a head is returned, so a head that loads can be used: each
 * problem raises a {@link ProbeHeadException} naming the file and the field.
 */
public final class HeadFile {
    /** The {@code format} metadata value that marks a clip4j probe head. */
    public static final String FORMAT = "clip4j-linear-probe";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HeadFile() {
    }

    /** Writes {@code head} to {@code file} atomically (replacing it). */
    public static void write(Path file, ProbeHead head) {
        ArrayNode labels = JSON.createArrayNode();
        head.labels().forEach(labels::add);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("labels", labels.toString());
        metadata.put("dim", Integer.toString(head.dim()));
        metadata.put("model", head.model());
        try (PointerScope scope = new PointerScope()) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            tensors.put("weight", tensor(head.weight(), head.labels().size(), head.dim()));
            tensors.put("bias", tensor(head.bias(), head.labels().size()));
            SafeTensorsWriter.write(file, tensors, metadata);
        }
    }

    /**
     * Reads a head file.
     *
     * @throws ProbeHeadException naming the file and field when it is missing or malformed
     */
    public static ProbeHead read(Path file) {
        SafeTensorsFile st;
        try {
            st = SafeTensorsFile.open(file);
        } catch (InvalidModelException e) {
            String message = e.getMessage();
            String prefix = file + ": ";
            throw new ProbeHeadException(file, null, "not a probe head: "
                    + (message.startsWith(prefix) ? message.substring(prefix.length()) : message), e);
        }
        try (st) {
            Map<String, String> meta = st.metadata();
            String format = meta.get("format");
            if (!FORMAT.equals(format)) {
                throw new ProbeHeadException(file, "format", format == null
                        ? "missing: not a probe head (metadata 'format' should be '" + FORMAT + "')"
                        : "is '" + format + "', not '" + FORMAT + "'");
            }
            List<String> labels = labels(file, meta.get("labels"));
            int dim = dim(file, meta.get("dim"));
            float[] weight = floats(file, st, "weight", labels.size(), dim);
            float[] bias = floats(file, st, "bias", labels.size());
            return new ProbeHead(labels, dim, weight, bias, meta.getOrDefault("model", ""));
        }
    }

    /**
     * Reads a head file for use with {@code model}.
     *
     * @throws ProbeHeadException as {@link #read}, and (field {@code dim}) when the head was
     *                            trained on embeddings of another width than the model makes
     */
    public static ProbeHead readFor(Path file, ClipModel model) {
        ProbeHead head = read(file);
        requireFits(file, head, model);
        return head;
    }

    /**
     * Checks that {@code head}, read from {@code file}, takes the embeddings {@code model} makes.
     *
     * @throws ProbeHeadException (field {@code dim}) when the widths differ
     */
    public static void requireFits(Path file, ProbeHead head, ClipModel model) {
        int modelDim = model.config().projectionDim();
        if (head.dim() != modelDim) {
            throw new ProbeHeadException(file, "dim", "the head takes " + head.dim()
                    + "-wide embeddings (trained on model '" + head.model() + "'), but model " + model.directory()
                    + " makes " + modelDim + "-wide ones");
        }
    }

    private static List<String> labels(Path file, String json) {
        if (json == null) {
            throw new ProbeHeadException(file, "labels", "missing");
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ProbeHeadException(file, "labels", "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isArray()) {
            throw new ProbeHeadException(file, "labels", "must be a JSON array of strings");
        }
        List<String> labels = new ArrayList<>();
        for (JsonNode label : node) {
            if (!label.isTextual()) {
                throw new ProbeHeadException(file, "labels", "holds " + label + ", not a string");
            }
            labels.add(label.asText());
        }
        String problem = ProbeHead.labelProblem(labels);
        if (problem != null) {
            throw new ProbeHeadException(file, "labels", problem);
        }
        return labels;
    }

    private static int dim(Path file, String text) {
        if (text == null) {
            throw new ProbeHeadException(file, "dim", "missing");
        }
        try {
            int dim = Integer.parseInt(text.strip());
            if (dim >= 1) {
                return dim;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ProbeHeadException(file, "dim", "is '" + text + "', not a positive integer");
    }

    private static float[] floats(Path file, SafeTensorsFile st, String name, long... shape) {
        SafeTensorsFile.Entry entry = st.entries().get(name);
        if (entry == null) {
            throw new ProbeHeadException(file, name, "missing tensor");
        }
        if (entry.dtype() != TensorDType.F32) {
            throw new ProbeHeadException(file, name, "is " + entry.dtype() + ", not F32");
        }
        if (!Arrays.equals(entry.shape(), shape)) {
            throw new ProbeHeadException(file, name, "has shape " + Arrays.toString(entry.shape())
                    + " but labels and dim say " + Arrays.toString(shape));
        }
        float[] values = st.floats(name);
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new ProbeHeadException(file, name, "holds " + v + "; every value must be finite");
            }
        }
        return values;
    }

    private static Tensor tensor(float[] values, long... shape) {
        return torch.from_blob(new FloatPointer(values), shape, new TensorOptions(ScalarType.Float));
    }
}
