package io.clip4j.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clip4j.ClipModel;
import io.clip4j.ClipOptions;
import io.clip4j.Embeddings;
import io.clip4j.image.ImageDecoder;
import io.clip4j.image.PreprocessConfig;
import io.clip4j.CheckpointWriter;
import io.clip4j.model.ClipConfig;
import io.clip4j.shapes.Colour;
import io.clip4j.shapes.ColourShape;
import io.clip4j.shapes.PairSet;
import io.clip4j.shapes.Shape;
import io.clip4j.shapes.ShapeStyle;
import io.clip4j.shapes.ShapesGenerator;
import io.clip4j.train.tokenizer.BpeTrainer;
import io.clip4j.text.ClipTokenizer;
import io.clip4j.train.data.CaptionDatasets;
import io.clip4j.train.data.Sample;
import io.clip4j.zeroshot.Classification;
import io.clip4j.zeroshot.PromptTemplates;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Device;

/**
 * The demo model, made end to end by clip4j itself: synthetic shapes drawn with OpenCV (the
 * held-out colour–shape pairs never drawn for training), a BPE tokenizer learned from the
 * training captions, a small CLIP trained from scratch with the contrastive trainer, and a
 * zero-shot test through the ordinary inference path ({@link ClipModel} and
 * {@link ZeroShotClassifier} over all colour × shape labels) on images of seen and held-out pairs.
 */
public final class ShapesDemo {
    /** The short caption form, also the first prompt template. */
    public static final String TEMPLATE = "a {}";

    /**
     * The prompt templates the captions suit, shipped as the model's templates.txt: the short
     * form and the caption's own pattern for every size word and background (CLIP's prompt
     * ensembling: a class vector is the mean over its prompts).
     */
    public static final List<String> TEMPLATES = templates();

    private static List<String> templates() {
        List<String> out = new ArrayList<>(List.of(TEMPLATE));
        for (String size : List.of("", "small ", "large ")) {
            for (String background : List.of("grey", "light grey", "dark grey", "beige")) {
                out.add("a " + size + "{} on a " + background + " background");
            }
        }
        return List.copyOf(out);
    }

    /** What to build. */
    public record Settings(int trainImages, int validationImages, int testImages, int epochs, int batchSize,
                           double learningRate, int inputSize, int width, int layers, int heads, int patch,
                           List<Integer> stem,
                           int projection,
                           int vocabSize, double shortCaptionShare, List<String> templates, double temperature,
                           double shadeSpread, boolean outline, double weightDecay, long seed) {
        /** The settings the committed demo model was made with. */
        public static Settings defaults() {
            return new Settings(20_000, 480, 480, 28, 128, 2e-3, 32, 64, 2, 4, 4, List.of(32, 64), 64, 1000, 0.75,
                    TEMPLATES, 1 / 0.07, ShapeStyle.DEMO.shadeSpread(), ShapeStyle.DEMO.outlined(), 0.1, 1);
        }
    }

    /** What the finished model scores (zero-shot top-1 over every colour × shape label). */
    public record Result(double heldOutTop1, double seenTop1, int heldOutImages, int seenImages, int labels,
                         Map<String, Double> heldOutByPair, double trainSeconds, double totalSeconds) {
    }

    private ShapesDemo() {
    }

    /** Builds the model into {@code out}, using {@code work} for the generated data. */
    public static Result build(Path out, Path work, Settings s, TrainingListener listener) {
        long began = System.nanoTime();
        int size = ShapesGenerator.MIN_SIZE;
        // With a shade spread, training shapes come in shades of their colours (each still nearest
        // its own name); the test images always use the exact colours. Outlines, when on, are part
        // of how every image of this world looks, test images included.
        ShapeStyle exact = TestSets.style(s);
        ShapesGenerator.generate(work.resolve("train"), s.trainImages(), s.seed(), PairSet.SEEN, size,
                exact.withShades(s.shadeSpread()), done -> { });
        ShapesGenerator.generate(work.resolve("validation"), s.validationImages(), s.seed() + 1, PairSet.SEEN, size, exact, done -> { });
        TestSets tests = TestSets.draw(work, s);
        List<Sample> train = shortCaptions(CaptionDatasets.readCsv(work.resolve("train/data.csv")).samples(),
                s.shortCaptionShare(), s.seed());
        List<Sample> validation = CaptionDatasets.readCsv(work.resolve("validation/data.csv")).samples();

        Path tokenizerDir = work.resolve("tokenizer");
        BpeTrainer bpe = new BpeTrainer(s.vocabSize(), 2);
        train.forEach(sample -> bpe.addText(sample.caption()));
        var trained = bpe.train();
        trained.writeTo(tokenizerDir);
        ClipConfig config = ClipConfig.read(writeConfig(work.resolve("config.json"), s, trained.vocabSize(), s.inputSize()));
        ClipTokenizer tokenizer = ClipTokenizer.fromModelDir(tokenizerDir).withContextLength(config.text().maxPositions());
        Path templates = write(work.resolve(PromptTemplates.MODEL_FILE), String.join("\n", s.templates()) + "\n");

        Device cpu = new Device("cpu");
        long trainStart = System.nanoTime();
        TrainingRecord record = new TrainingRecord(listener);
        // Drawn at 64 px (the generator's smallest), seen by the model at inputSize: the model
        // folder's preprocessing resizes, so users pass the images as they are.
        PreprocessConfig preprocessing = PreprocessConfig.defaults(s.inputSize());
        TrainOptions options = TrainOptions.builder().epochs(s.epochs()).batchSize(s.batchSize()).learningRate(s.learningRate())
                .warmupSteps(50).weightDecay(s.weightDecay()).gradClip(1.0).seed(s.seed())
                .batchOrder(new HardNegativeBatches(ShapesDemo::colourOf, 2)).build();
        try (TrainableClip model = TrainableClip.fromScratch(config, cpu, s.seed(), TrainableClip.trains(TrainableClip.Freeze.NONE))
                .withTemperature(s.temperature());
             ClipTrainer trainer = new ClipTrainer(model, tokenizer, preprocessing, cpu, options)) {
            trainer.fit(train, validation, PromptTemplates.of(s.templates()), 1, record, null);
            CheckpointWriter.to(out).tokenizerFrom(tokenizerDir).preprocessing(preprocessing).templates(templates)
                    .write(config, model.parameters());
        }
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;

        List<String> labels = labels();
        Map<String, Double> byPair = new LinkedHashMap<>();
        double heldOut = zeroShot(out, labels, tests.heldOut(), byPair);
        double seen = zeroShot(out, labels, tests.seen(), null);
        Result result = new Result(heldOut, seen, s.testImages(), s.testImages(), labels.size(), byPair, trainSeconds,
                (System.nanoTime() - began) / 1e9);
        writeRecord(out, tests, s, record, result);
        return result;
    }

    /** Every colour × shape label, "red circle" first: the zero-shot test's classes. */
    static List<String> labels() {
        List<String> labels = new ArrayList<>();
        for (Colour c : Colour.values()) {
            for (Shape sh : Shape.values()) {
                labels.add(new ColourShape(c, sh).label());
            }
        }
        return labels;
    }

    /** The zero-shot test images: held-out and seen pairs, drawn in exact colours with their own seeds. */
    record TestSets(List<Sample> heldOut, List<Sample> seen) {
        /** Exact colours, outlined if the training images are: the style of every image but the training set's. */
        static ShapeStyle style(Settings s) {
            return ShapeStyle.PLAIN.withOutline(s.outline());
        }

        static TestSets draw(Path work, Settings s) {
            int size = ShapesGenerator.MIN_SIZE;
            Path held = ShapesGenerator.generate(work.resolve("test-held-out"), s.testImages(), s.seed() + 2,
                    PairSet.HELD_OUT, size, style(s), done -> { }).csv();
            Path seen = ShapesGenerator.generate(work.resolve("test-seen"), s.testImages(), s.seed() + 3,
                    PairSet.SEEN, size, style(s), done -> { }).csv();
            return new TestSets(CaptionDatasets.readCsv(held).samples(), CaptionDatasets.readCsv(seen).samples());
        }
    }

    /**
     * Some of the training pairs (half, by default) get the short caption "a red triangle" instead of the full one
     * ("a small red triangle on a grey background"), as people caption the same picture in
     * more and fewer words: the model then learns the short form the zero-shot prompts use.
     */
    static List<Sample> shortCaptions(List<Sample> samples, double share, long seed) {
        java.util.Random random = new java.util.Random(seed);
        return samples.stream().map(x -> random.nextDouble() < share
                ? new Sample(x.image(), TEMPLATE.replace("{}", x.label()), x.label(), x.line()) : x).toList();
    }

    private static String colourOf(Sample sample) {
        return sample.label().substring(0, sample.label().indexOf(' '));
    }

    /** Zero-shot top-1 of the saved model over {@code labels} on {@code samples}, as a user would run it. */
    static double zeroShot(Path modelDir, List<String> labels, List<Sample> samples, Map<String, Double> byPair) {
        ImageDecoder decoder = new ImageDecoder();
        Map<String, int[]> counts = new LinkedHashMap<>();
        int correct = 0;
        try (ClipModel clip = ClipModel.load(modelDir, ClipOptions.defaults());
             ZeroShotClassifier classifier = ZeroShotClassifier.create(clip, labels)) {
            for (int from = 0; from < samples.size(); from += 128) {
                List<Sample> part = samples.subList(from, Math.min(samples.size(), from + 128));
                List<Mat> images = new ArrayList<>();
                try (PointerScope scope = new PointerScope()) {
                    part.forEach(p -> images.add(decoder.decode(p.image())));
                    try (Embeddings e = clip.embedImages(images)) {
                        List<Classification> top = classifier.classify(e, 1);
                        for (int i = 0; i < part.size(); i++) {
                            boolean hit = top.get(i).top().get(0).label().equals(part.get(i).label());
                            correct += hit ? 1 : 0;
                            int[] c = counts.computeIfAbsent(part.get(i).label(), k -> new int[2]);
                            c[0] += hit ? 1 : 0;
                            c[1]++;
                        }
                    }
                }
            }
        }
        if (byPair != null) {
            counts.forEach((pair, c) -> byPair.put(pair, (double) c[0] / c[1]));
        }
        return (double) correct / samples.size();
    }

    private static Path writeConfig(Path file, Settings s, int vocab, int imageSize) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.putArray("architectures").add("CLIPModel");
        root.put("model_type", "clip");
        root.put("projection_dim", s.projection());
        root.put("logit_scale_init_value", 2.6592);
        ObjectNode text = root.putObject("text_config");
        text.put("hidden_act", "quick_gelu").put("hidden_size", s.width()).put("intermediate_size", 4 * s.width())
                .put("num_attention_heads", s.heads()).put("num_hidden_layers", s.layers())
                .put("max_position_embeddings", 16).put("vocab_size", vocab).put("layer_norm_eps", 1e-5)
                .put("eos_token_id", 2).put("model_type", "clip_text_model");
        ObjectNode vision = root.putObject("vision_config");
        vision.put("hidden_act", "quick_gelu").put("hidden_size", s.width()).put("intermediate_size", 4 * s.width())
                .put("num_attention_heads", s.heads()).put("num_hidden_layers", s.layers()).put("image_size", imageSize)
                .put("patch_size", s.patch()).put("num_channels", 3).put("layer_norm_eps", 1e-5)
                .put("model_type", "clip_vision_model");
        if (!s.stem().isEmpty()) {
            s.stem().forEach(vision.putArray(ClipConfig.STEM_FIELD)::add);
        }
        try {
            Files.createDirectories(file.getParent());
            json.writeValue(file.toFile(), root);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeRecord(Path out, TestSets tests, Settings s, TrainingRecord record, Result result) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("command", "bin/clip4j shapes demo --out " + out);
        extra.put("settings", s);
        extra.put("result", result);
        extra.put("held_out_pairs", PairSet.HELD_OUT_PAIRS.stream().map(ColourShape::label).toList());
        record.write(out, extra);
        StringBuilder pairs = new StringBuilder("# colour-shape pairs never drawn for training (zero-shot test set)\n");
        PairSet.HELD_OUT_PAIRS.forEach(p -> pairs.append(p.label()).append('\n'));
        write(out.resolve("held_out_pairs.txt"), pairs.toString());
        try {
            Path samples = Files.createDirectories(out.resolve("samples"));
            for (int i = 0; i < 4; i++) {
                copy(tests.seen().get(i), samples, "seen");
                copy(tests.heldOut().get(i), samples, "held-out");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Sample sample, Path dir, String kind) throws IOException {
        String name = kind + "-" + sample.label().replace(' ', '-') + "-" + sample.image().getFileName();
        Files.copy(sample.image(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
