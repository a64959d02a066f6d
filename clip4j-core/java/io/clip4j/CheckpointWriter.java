package io.clip4j;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clip4j.internal.Checkpoint;
import io.clip4j.internal.ExpectedShapes;
import io.clip4j.model.ClipConfig;
import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.HuggingFaceTensors;
import io.clip4j.internal.SafeTensorsWriter;
import io.clip4j.internal.TensorDType;
import io.clip4j.internal.Tensors;
import io.clip4j.image.PreprocessConfig;
import io.clip4j.zeroshot.PromptTemplates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Writes a model folder in Hugging Face layout from parameters in the internal layout, so that a
 * model clip4j trained or converted loads again with {@code ClipModel.load} and with
 * transformers' {@code CLIPModel.from_pretrained}. The folder gets:
 * <ul>
 *   <li>{@code model.safetensors}: the parameters as {@link HuggingFaceTensors} lays them out,
 *       fp32 unless {@link #dtype(ScalarType)} says otherwise, with {@code {"format": "pt"}} metadata
 *       (transformers refuses a safetensors file without it);</li>
 *   <li>{@code preprocessor_config.json}: {@link PreprocessConfig#toJson()} of the given
 *       preprocessing, or of the source folder's, or CLIP's defaults at the model's image size;</li>
 *   <li>the tokenizer files of a source folder, copied unchanged;</li>
 *   <li>{@code templates.txt} ({@link PromptTemplates#MODEL_FILE}) when templates were given,
 *       checked first, then copied unchanged;</li>
 *   <li>{@code config.json}: {@link ClipConfig#toJson()} with the fields transformers reads
 *       besides (dtype, each tower's {@code model_type}), written last.</li>
 * </ul>
 * Every file appears atomically (written beside its place, then moved there), so a reader never
 * sees half a file. Files already in the folder that this writer does not produce are left alone.
 * Instances are immutable; each setter returns a changed copy.
 */
public final class CheckpointWriter {
    /** The tokenizer files a model folder may hold, in the names transformers and clip4j read. */
    static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "vocab.json", "merges.txt",
            "bpe_simple_vocab_16e6.txt.gz", "tokenizer_config.json", "special_tokens_map.json");
    /** Of those, the ones that hold a vocabulary (a tokenizer folder needs at least one). */
    private static final List<String> VOCABULARY_FILES = TOKENIZER_FILES.subList(0, 4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final ScalarType dtype;
    private final PreprocessConfig preprocessing;
    private final Path preprocessingFrom;
    private final Path tokenizerFrom;
    private final Path templates;

    private CheckpointWriter(Path directory, ScalarType dtype, PreprocessConfig preprocessing, Path preprocessingFrom,
                             Path tokenizerFrom, Path templates) {
        this.directory = directory;
        this.dtype = dtype;
        this.preprocessing = preprocessing;
        this.preprocessingFrom = preprocessingFrom;
        this.tokenizerFrom = tokenizerFrom;
        this.templates = templates;
    }

    /** A writer into {@code directory} (created when missing): fp32, default preprocessing, no tokenizer. */
    public static CheckpointWriter to(Path directory) {
        if (directory == null) {
            throw new IllegalArgumentException("directory must not be null");
        }
        return new CheckpointWriter(directory, ScalarType.Float, null, null, null, null);
    }

    /** Stores the weights as {@code Float} (default), {@code Half} or {@code BFloat16}. */
    public CheckpointWriter dtype(ScalarType type) {
        configDtype(type); // refuses other types now rather than after the work
        return new CheckpointWriter(directory, type, preprocessing, preprocessingFrom, tokenizerFrom, templates);
    }

    /** Writes this preprocessing (wins over {@link #sideFilesFrom}). */
    public CheckpointWriter preprocessing(PreprocessConfig config) {
        return new CheckpointWriter(directory, dtype, config, preprocessingFrom, tokenizerFrom, templates);
    }

    /** Copies the tokenizer files ({@link #TOKENIZER_FILES}, those that exist) from {@code dir}. */
    public CheckpointWriter tokenizerFrom(Path dir) {
        return new CheckpointWriter(directory, dtype, preprocessing, preprocessingFrom, dir, templates);
    }

    /**
     * Copies a prompt-template file (any form {@link PromptTemplates#read} accepts) to the
     * folder's {@code templates.txt}, which {@link PromptTemplates#forModel} then reads.
     */
    public CheckpointWriter templates(Path file) {
        return new CheckpointWriter(directory, dtype, preprocessing, preprocessingFrom, tokenizerFrom, file);
    }

    /**
     * Takes everything but the weights from an existing model folder: its tokenizer files, its
     * preprocessing (CLIP's defaults where it has no {@code preprocessor_config.json}) and its
     * {@code templates.txt} when it has one. The usual call when saving a fine-tuned model.
     */
    public CheckpointWriter sideFilesFrom(Path modelDir) {
        Path folderTemplates = modelDir.resolve(PromptTemplates.MODEL_FILE);
        return new CheckpointWriter(directory, dtype, preprocessing, modelDir, modelDir,
                Files.exists(folderTemplates) ? folderTemplates : templates);
    }

    /** Writes loaded (or trained) weights with their configuration. */
    public void write(ClipWeights weights) {
        write(weights.config(), weights.all());
    }

    /**
     * Writes the folder.
     *
     * @param parameters internal-layout parameters (any device or dtype, may require grad): exactly
     *     the names and shapes {@code config} implies
     * @throws IllegalArgumentException when a parameter is missing, unexpected or misshapen
     * @throws InvalidModelException when a side file to copy is missing or invalid
     * @throws UncheckedIOException when a file cannot be written
     */
    public void write(ClipConfig config, Map<String, Tensor> parameters) {
        checkParameters(config, parameters);
        PreprocessConfig preprocess = resolvePreprocessing(config);
        if (tokenizerFrom != null) {
            checkTokenizerSource();
        }
        if (templates != null) {
            PromptTemplates.read(templates); // a bad file fails here, naming its line, not at classify time
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory + ": " + e.getMessage(), e);
        }
        try (PointerScope scope = new PointerScope()) {
            SafeTensorsWriter.write(directory.resolve(Checkpoint.WEIGHTS), HuggingFaceTensors.of(parameters, dtype),
                    Map.of("format", "pt"));
        }
        writeJson(directory.resolve(PreprocessConfig.FILE), preprocess.toJson());
        if (tokenizerFrom != null) {
            for (String name : TOKENIZER_FILES) {
                Path source = tokenizerFrom.resolve(name);
                if (Files.isRegularFile(source)) {
                    copy(source, directory.resolve(name));
                }
            }
        }
        if (templates != null) {
            copy(templates, directory.resolve(PromptTemplates.MODEL_FILE));
        }
        writeJson(directory.resolve("config.json"), configJson(config));
    }

    /** {@link ClipConfig#toJson()} plus what transformers' {@code config.json} carries besides. */
    ObjectNode configJson(ClipConfig config) {
        ObjectNode root = config.toJson();
        String type = configDtype(dtype);
        root.put("dtype", type);        // what current transformers reads and writes (the fixture, 5.17, has it)
        root.put("torch_dtype", type);  // the older name of the same field, read by transformers before the rename
        ((ObjectNode) root.get("text_config")).put("model_type", "clip_text_model");
        ((ObjectNode) root.get("vision_config")).put("model_type", "clip_vision_model");
        return root;
    }

    private static String configDtype(ScalarType type) {
        TensorDType d = type == null ? null : TensorDType.of(type);
        if (d == TensorDType.F32) {
            return "float32";
        } else if (d == TensorDType.F16) {
            return "float16";
        } else if (d == TensorDType.BF16) {
            return "bfloat16";
        }
        throw new IllegalArgumentException("checkpoints are written as Float, Half or BFloat16, not " + type);
    }

    private PreprocessConfig resolvePreprocessing(ClipConfig config) {
        if (preprocessing != null) {
            return preprocessing;
        }
        int imageSize = config.vision().imageSize();
        return preprocessingFrom != null ? PreprocessConfig.forModel(preprocessingFrom, imageSize)
                : PreprocessConfig.defaults(imageSize);
    }

    private void checkTokenizerSource() {
        for (String name : VOCABULARY_FILES) {
            if (Files.isRegularFile(tokenizerFrom.resolve(name))) {
                return;
            }
        }
        throw new InvalidModelException(tokenizerFrom, "no tokenizer files to copy: looked for "
                + String.join(", ", VOCABULARY_FILES));
    }

    private static void checkParameters(ClipConfig config, Map<String, Tensor> parameters) {
        Map<String, long[]> expected = ExpectedShapes.of(config);
        for (var e : expected.entrySet()) {
            Tensor t = parameters.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("missing parameter '" + e.getKey() + "'");
            }
            long[] shape = Tensors.shape(t);
            if (!Arrays.equals(shape, e.getValue())) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' has shape " + Arrays.toString(shape)
                        + " but the configuration implies " + Arrays.toString(e.getValue()));
            }
        }
        for (String name : new TreeSet<>(parameters.keySet())) {
            if (!expected.containsKey(name)) {
                throw new IllegalArgumentException("unexpected parameter '" + name + "' (not in the internal layout)");
            }
        }
    }

    private static void writeJson(Path file, ObjectNode json) {
        try {
            writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void copy(Path source, Path target) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(source);
        } catch (IOException e) {
            throw new InvalidModelException(source, "cannot read: " + e.getMessage(), e);
        }
        try {
            writeAtomically(target, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Writes beside {@code file}, then moves into place: readers see the old file or the new one. */
    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        io.clip4j.internal.AtomicFiles.requireReplaceable(file);
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".partial");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true); // on disk before the rename makes it visible
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
