package io.clip4j;

import io.clip4j.internal.PastScope;
import io.clip4j.gpu.ClipStream;
import io.clip4j.gpu.CudaGraph;
import io.clip4j.gpu.StreamScope;
import io.clip4j.image.AwtImages;
import io.clip4j.image.ImageDecoder;
import io.clip4j.image.PreprocessConfig;
import io.clip4j.image.Preprocessor;
import io.clip4j.internal.Checkpoint;
import io.clip4j.model.ClipConfig;
import io.clip4j.internal.ClipWeights;
import io.clip4j.internal.FusedKernels;
import io.clip4j.internal.LinearWeights;
import io.clip4j.internal.Tensors;
import io.clip4j.internal.TextTower;
import io.clip4j.internal.VisionTower;
import org.bytedeco.opencv.opencv_core.Mat;
import io.clip4j.text.ClipTokenizer;
import io.clip4j.text.TokenBatch;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A loaded CLIP model: tokenizer, text tower and vision tower on one device, in one precision.
 * Safe to use from several threads at once. Close it to free the weights.
 *
 * <pre>{@code
 * try (ClipModel clip = ClipModel.load(Path.of("models/clip-vit-base-patch32"));
 *      Embeddings texts = clip.embedTexts(List.of("a photo of a cat", "a photo of a dog"))) {
 *     float[] cat = texts.row(0);   // unit length, clip.config().projectionDim() wide
 * }
 * }</pre>
 */
public final class ClipModel implements AutoCloseable {
    private final Path directory;
    private final ClipOptions options;
    private final Device device;
    private final ClipTokenizer tokenizer;
    private final ClipWeights weights;
    private final TextTower text;
    private final VisionTower vision;
    private final Preprocessor preprocessor;
    private final java.util.Map<Long, CudaGraph> visionGraphs = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;
    // Encoding holds the read lock, close() the write lock: weights are never freed mid-call.
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

    private ClipModel(Path directory, ClipOptions options, Device device, ClipTokenizer tokenizer, ClipWeights weights,
                      PreprocessConfig preprocessing) {
        this.directory = directory;
        this.options = options;
        this.device = device;
        this.tokenizer = tokenizer;
        this.weights = weights;
        boolean fused = options.fusedKernels();
        this.text = new TextTower(weights, LinearWeights.of(options.precision(), true), fused);
        this.vision = new VisionTower(weights, LinearWeights.of(options.precision(), false), fused);
        // the options' crop rule, when given, overrides the folder's
        this.preprocessor = new Preprocessor(options.cropRounding() == null ? preprocessing
                : preprocessing.withCropRounding(options.cropRounding()));
    }

    /** Loads a model directory on the CPU in fp32. */
    public static ClipModel load(Path directory) {
        return load(directory, ClipOptions.defaults());
    }

    /**
     * Loads a model directory in Hugging Face layout ({@code config.json}, {@code model.safetensors}
     * or a sharded index, tokenizer files) or an original-CLIP safetensors export (configuration
     * inferred from the shapes when there is no {@code config.json}).
     *
     * @throws InvalidModelException naming the file and field or tensor at fault
     * @throws ClipException when the requested device is not available
     */
    public static ClipModel load(Path directory, ClipOptions options) {
        requireSupported(options);
        Device device = Devices.open(options.device());
        if (!Files.isDirectory(directory)) {
            throw new InvalidModelException(directory, "model directory not found");
        }
        ClipTokenizer tokenizer = ClipTokenizer.fromModelDir(directory);
        Checkpoint checkpoint = Checkpoint.open(directory);
        try {
            // Every small file is checked before the weights are read.
            ClipConfig config = ClipWeights.configFor(directory, checkpoint);
            requireBundledVocabularyFits(directory, config);
            PreprocessConfig preprocessing = PreprocessConfig.forModel(directory, config.vision().imageSize(), checkpoint.layout());
            preprocessing.requireFits(directory, config.vision().imageSize());
            ClipWeights weights = ClipWeights.load(checkpoint, config, device, options.precision().scalarType());
            int context = Math.min(tokenizer.contextLength(), config.text().maxPositions());
            return new ClipModel(directory, options, device, tokenizer.withContextLength(context), weights, preprocessing);
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    /** A folder without tokenizer files gets CLIP's vocabulary, which only a CLIP-sized token embedding can use. */
    private static void requireBundledVocabularyFits(Path directory, ClipConfig config) {
        int rows = config.text().vocabSize();
        if (ClipTokenizer.sourceIn(directory) == ClipTokenizer.Source.BUNDLED && rows != ClipTokenizer.CLIP_VOCABULARY_SIZE) {
            throw new InvalidModelException(directory, "no tokenizer files (tokenizer.json, vocab.json with merges.txt, "
                    + "bpe_simple_vocab_16e6.txt.gz), and the bundled CLIP vocabulary has "
                    + ClipTokenizer.CLIP_VOCABULARY_SIZE + " tokens where this text tower has " + rows);
        }
    }

    /**
     * A model of {@code config}'s shapes with random weights (normal, std 0.02) and default
     * preprocessing, for benchmarks of real architectures without a download. It has no
     * tokenizer: encode token ids or images.
     */
    public static ClipModel randomWeights(ClipConfig config, ClipOptions options, long seed) {
        requireSupported(options);
        Device device = Devices.open(options.device());
        ClipWeights weights = ClipWeights.random(config, device, options.precision().scalarType(), seed);
        return new ClipModel(Path.of("random:" + seed), options, device, null, weights,
                PreprocessConfig.defaults(config.vision().imageSize()));
    }

    /** int8 and fp8 run on some devices only: refused elsewhere before any weights are read. */
    private static void requireSupported(ClipOptions options) {
        options.precision().requireRunsOn(options.device());
    }

    /** Unit-length embeddings of {@code texts}, tokenized with {@link #tokenizer()}. */
    public Embeddings embedTexts(List<String> texts) {
        if (texts == null) {
            throw new ClipException("texts must not be null");
        }
        ClipTokenizer tokenizer = tokenizer();
        return inChunks(texts.size(), (from, to) -> {
            try (TokenBatch batch = tokenizer.tokenize(texts.subList(from, to))) {
                return textFeatures(batch, 0, batch.size(), true);
            }
        });
    }

    /** Unit-length embeddings of already tokenized text. */
    public Embeddings embedTokens(TokenBatch tokens) {
        return embedTokens(tokens, true);
    }

    /**
     * Text embeddings of already tokenized text; with {@code normalize} false, the projected
     * features before L2 normalisation (transformers' pooled-and-projected output).
     */
    public Embeddings embedTokens(TokenBatch tokens, boolean normalize) {
        if (tokens == null) {
            throw new ClipException("tokens must not be null");
        }
        return inChunks(tokens.size(), (from, to) -> textFeatures(tokens, from, to, normalize));
    }

    /**
     * Features of rows [from, to) of a token batch, cut after the longest row's end-of-text
     * token: the tower is causal and reads each row at its end-of-text token, so the padding
     * after it cannot change the result, and short texts skip most of the 77 positions.
     */
    private Tensor textFeatures(TokenBatch tokens, int from, int to, boolean normalize) {
        Tensor ids = torch.from_blob(tokens.ids(), tokens.shape(), new TensorOptions(ScalarType.Long))
                .narrow(0, from, to - from).narrow(1, 0, tokens.longest(from, to));
        checkIds(ids);
        return finish(text.forward(ids.to(device, ScalarType.Long)), normalize);
    }

    /**
     * Text embeddings of token ids, an int64 tensor {@code [N, tokens]} on any device (for
     * callers with their own tokenizer); with {@code normalize} false, before L2 normalisation.
     */
    public Embeddings embedTokenIds(Tensor ids, boolean normalize) {
        checkIds(ids);
        return inChunks(ids.size(0), (from, to) ->
                finish(text.forward(ids.narrow(0, from, to - from).to(device, ScalarType.Long)), normalize));
    }

    /**
     * Unit-length embeddings of 8-bit BGR frames of any size (e.g. from OpenCV's {@code imread}
     * or {@code VideoCapture}), preprocessed as the model's {@code preprocessor_config.json} says.
     * The frames are read in place, not copied; see {@link Preprocessor}.
     */
    public Embeddings embedImages(List<Mat> bgrFrames) {
        if (bgrFrames == null) {
            throw new ClipException("frames must not be null");
        }
        return inChunks(bgrFrames.size(), (from, to) -> finish(visionForward(
                preprocessor.batch(bgrFrames.subList(from, to), device, options.precision().scalarType())), true));
    }

    /**
     * Embeds frames one model batch ({@link ClipOptions#maxBatch()}) at a time, so that a long list
     * never holds all its embeddings at once, and collects what {@code perBatch} makes of each
     * batch's embeddings (closed after), in order.
     */
    public <R> List<R> mapImageBatches(List<Mat> bgrFrames, java.util.function.Function<Embeddings, List<R>> perBatch) {
        if (bgrFrames == null) {
            throw new ClipException("frames must not be null");
        }
        List<R> results = new ArrayList<>(bgrFrames.size());
        int batch = options.maxBatch();
        for (int from = 0; from < bgrFrames.size(); from += batch) {
            try (Embeddings embedded = embedImages(bgrFrames.subList(from, Math.min(bgrFrames.size(), from + batch)))) {
                results.addAll(perBatch.apply(embedded));
            }
        }
        return results;
    }

    /**
     * Unit-length embeddings of image files (JPEG, PNG, WebP, BMP, TIFF; EXIF orientation
     * applied), one row per file in order.
     *
     * @throws io.clip4j.image.ImageDecodeException naming the first file that cannot be read
     */
    public Embeddings embedImageFiles(List<Path> files) {
        if (files == null) {
            throw new ClipException("files must not be null");
        }
        ImageDecoder decoder = new ImageDecoder();
        try (PointerScope scope = new PointerScope()) { // frees the decoded images; the embeddings are kept
            List<Mat> images = new ArrayList<>(files.size());
            for (Path file : files) {
                images.add(decoder.decode(file));
            }
            return embedImages(images);
        }
    }

    /** The unit-length embedding (one row) of an encoded image held in memory (the bytes of a JPEG, PNG, … file). */
    public Embeddings embedImage(byte[] encoded) {
        try (PointerScope scope = new PointerScope()) {
            return embedImages(List.of(new ImageDecoder().decode(encoded, "image bytes")));
        }
    }

    /** The unit-length embedding (one row) of a {@link BufferedImage}; see {@link AwtImages}. */
    public Embeddings embedImage(BufferedImage image) {
        try (PointerScope scope = new PointerScope()) {
            return embedImages(List.of(AwtImages.toBgr(image)));
        }
    }

    /**
     * A zero-shot classifier for {@code labels}, prompted with the model folder's
     * {@code templates.txt} when it has one, else CLIP's prompt templates; close it when done.
     */
    public ZeroShotClassifier classifier(List<String> labels) {
        return ZeroShotClassifier.create(this, labels);
    }

    /**
     * Makes {@code stream} the calling thread's current stream until the scope closes: encoding
     * calls made in between queue their GPU work there and return once it is queued; the
     * {@link Embeddings} they return wait for it before the host reads them. On a CPU model
     * (or with the CPU stand-in stream) nothing changes.
     *
     * @throws ClipException when the stream belongs to another GPU than the model
     */
    public StreamScope onStream(ClipStream stream) {
        if (stream.isCuda() && (!device.is_cuda() || stream.deviceIndex() != Math.max(0, device.index()))) {
            throw new ClipException("stream " + stream + " is not on the model's device " + options.device());
        }
        return stream.makeCurrent();
    }

    /** The preprocessing this model's images get. */
    public Preprocessor preprocessor() {
        return preprocessor;
    }

    /** Unit-length embeddings of preprocessed pixels, a float tensor {@code [N, 3, S, S]} on any device. */
    public Embeddings embedPixels(Tensor pixels) {
        return embedPixels(pixels, true);
    }

    /** Image embeddings of preprocessed pixels; with {@code normalize} false, before L2 normalisation. */
    public Embeddings embedPixels(Tensor pixels, boolean normalize) {
        checkPixels(pixels);
        long n = pixels.size(0);
        return inChunks(n, (from, to) -> {
            Tensor chunk = pixels.narrow(0, from, to - from).to(device, options.precision().scalarType());
            return finish(visionForward(chunk), normalize);
        });
    }

    /**
     * {@code logitScale() · image · textᵀ}: the similarity logits CLIP turns into probabilities,
     * as {@code [images][texts]}.
     */
    public float[][] logits(Embeddings images, Embeddings texts) {
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            Tensor logits = torch.matmul(images.tensor(), texts.tensor().t()).mul(new Scalar(logitScale()));
            try (Embeddings result = new Embeddings(PastScope.keep(logits.contiguous()))) {
                return result.toArray();
            }
        }
    }

    /** The multiplier applied to cosine similarities: {@code exp} of the stored {@code logit_scale}. */
    public float logitScale() {
        return (float) Math.exp(weights.logitScale());
    }

    /**
     * The tokenizer, with the context length set to the model's.
     *
     * @throws ClipException for a model made by {@link #randomWeights}, which has none
     */
    public ClipTokenizer tokenizer() {
        if (tokenizer == null) {
            throw new ClipException("model " + directory + " has random weights and no tokenizer: encode token ids");
        }
        return tokenizer;
    }

    /** The model's configuration. */
    public ClipConfig config() {
        return weights.config();
    }

    /** The options the model was loaded with. */
    public ClipOptions options() {
        return options;
    }

    /**
     * Whether the encoders run through clip4j's native fused kernels: asked for
     * ({@link ClipOptions#fusedKernels()}), present in this build, and taking this model's
     * precision on its device (fp32 or int8 on the CPU; fp32 or bf16 on a GPU).
     */
    public boolean usesFusedKernels() {
        return options.fusedKernels() && FusedKernels.supports(options.precision().scalarType(), device.is_cuda());
    }

    /** The directory the model was loaded from. */
    public Path directory() {
        return directory;
    }

    /** The device the weights live on. */
    public Device device() {
        return device;
    }

    /** True once {@link #close()} has run. */
    public boolean isClosed() {
        return closed;
    }

    /** Frees the weights (once). Embeddings already returned stay valid; further encoding fails. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                visionGraphs.values().forEach(CudaGraph::close);
                visionGraphs.clear();
                weights.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /**
     * The vision tower on pixels already on the device in the model's precision: through a CUDA
     * graph for small batches when {@link ClipOptions#cudaGraphs()} is on, eagerly otherwise.
     */
    private Tensor visionForward(Tensor pixels) {
        long n = pixels.size(0);
        if (!options.cudaGraphs() || !device.is_cuda() || n > ClipOptions.GRAPH_MAX_BATCH) {
            return vision.forward(pixels);
        }
        CudaGraph graph = visionGraphs.computeIfAbsent(n, batch -> CudaGraph.capture(vision::forward, device,
                Tensors.shape(pixels), options.precision().scalarType(), 3));
        return graph.run(pixels);
    }

    /** Converts features to float32 and, if asked, divides each row by its L2 norm. */
    private static Tensor finish(Tensor features, boolean normalize) {
        Tensor f = features.to(ScalarType.Float);
        if (!normalize) {
            return f;
        }
        return Tensors.unitRows(f);
    }

    /**
     * Splits [0, n) into chunks of at most maxBatch, runs each under no-grad and concatenates the
     * rows; every temporary is freed when this returns, only the result survives.
     */
    private Embeddings inChunks(long n, ChunkWork work) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("model " + directory + " is closed");
            }
            return encodeChunks(n, work);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private Embeddings encodeChunks(long n, ChunkWork work) {
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            Tensor result;
            if (n == 0) {
                result = torch.empty(new long[] {0, config().projectionDim()},
                        new TensorOptions(device).dtype(new ScalarTypeOptional(ScalarType.Float)), new MemoryFormatOptional());
            } else if (n <= options.maxBatch()) {
                result = work.apply(0, (int) n);
            } else {
                TensorVector parts = new TensorVector();
                for (long from = 0; from < n; from += options.maxBatch()) {
                    parts.push_back(work.apply((int) from, (int) Math.min(n, from + options.maxBatch())));
                }
                result = torch.cat(parts, 0);
            }
            return new Embeddings(PastScope.keep(result.contiguous()));
        }
    }

    @FunctionalInterface
    private interface ChunkWork {
        Tensor apply(int from, int to);
    }

    private void checkPixels(Tensor pixels) {
        var v = weights.config().vision();
        long[] shape = pixels == null ? null : Tensors.shape(pixels);
        if (shape == null || shape.length != 4 || shape[1] != v.numChannels()
                || shape[2] != v.imageSize() || shape[3] != v.imageSize()) {
            throw new ClipException("pixels must be [N, " + v.numChannels() + ", " + v.imageSize() + ", "
                    + v.imageSize() + "], not " + (shape == null ? "null" : java.util.Arrays.toString(shape)));
        }
        if (!torch.isFloatingType(pixels.scalar_type())) {
            throw new ClipException("pixels must be a floating-point tensor, not " + pixels.scalar_type());
        }
    }

    /** Out-of-range ids would index past the embedding table (a device assert on CUDA): refuse them. */
    private void checkIds(Tensor ids) {
        var t = weights.config().text();
        if (ids == null || ids.dim() != 2 || ids.scalar_type().intern() != ScalarType.Long) {
            throw new ClipException("token ids must be an int64 tensor [N, tokens], not "
                    + (ids == null ? "null" : ids.scalar_type() + " " + java.util.Arrays.toString(Tensors.shape(ids))));
        }
        if (ids.size(1) > t.maxPositions() || ids.size(1) < 1) {
            throw new ClipException("token rows are " + ids.size(1) + " long; the model takes 1 to " + t.maxPositions());
        }
        if (ids.numel() == 0) {
            return;
        }
        try (PointerScope scope = new PointerScope()) {
            long min = ids.min().item_long();
            long max = ids.max().item_long();
            if (min < 0 || max >= t.vocabSize()) {
                throw new ClipException("token id " + (min < 0 ? min : max) + " is outside the model's vocabulary of "
                        + t.vocabSize());
            }
        }
    }
}
