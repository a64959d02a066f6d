package io.clip4j.cli;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.image.ImageDecoder;
import io.clip4j.internal.SafeTensorsWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch.ScalarType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clip4j preprocess}: the model's input tensor for some images, written for inspection. */
@Command(name = "preprocess", description = "Write the preprocessed NCHW float32 tensor of the images (key pixel_values) to a safetensors file.")
final class PreprocessCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--out", required = true, paramLabel = "FILE.safetensors", description = "Where to write the tensor.")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<Path> images;

    @Override
    public Integer call() {
        ImageDecoder decoder = new ImageDecoder();
        try (ClipModel clip = modelOptions.load(); PointerScope scope = new PointerScope()) {
            List<Mat> decoded = new ArrayList<>();
            for (Path image : images) {
                decoded.add(decoder.decode(image)); // one bad image fails the command: the tensor needs all
            }
            var pixels = clip.preprocessor().batch(decoded, new Device("cpu"), ScalarType.Float);
            SafeTensorsWriter.write(out, Map.of("pixel_values", pixels), Map.of("format", "pt"));
            var line = JsonLines.object().put("out", out.toString()).put("key", "pixel_values");
            var shape = line.putArray("shape");
            for (long d : io.clip4j.internal.Tensors.shape(pixels)) {
                shape.add(d);
            }
            JsonLines.print(spec.commandLine().getOut(), line);
        } catch (java.io.UncheckedIOException e) {
            throw new ClipException(e.getMessage(), e);
        }
        return 0;
    }
}
