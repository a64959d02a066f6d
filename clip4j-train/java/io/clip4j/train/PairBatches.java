package io.clip4j.train;

import io.clip4j.image.ImageDecoder;
import io.clip4j.image.Preprocessor;
import io.clip4j.text.ClipTokenizer;
import io.clip4j.text.TokenBatch;
import io.clip4j.train.data.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Turns samples into model inputs: images decoded and preprocessed exactly as at inference
 * (then optionally augmented), captions tokenized and cut after the longest row's end token.
 * Calls make temporaries only: run them inside a {@code PointerScope}.
 */
final class PairBatches {
    private final ImageDecoder decoder = new ImageDecoder();
    private final Preprocessor preprocessor;
    private final ClipTokenizer tokenizer;
    private final Device device;
    private final Augmentation augmentation;

    PairBatches(Preprocessor preprocessor, ClipTokenizer tokenizer, Device device, Augmentation augmentation) {
        this.preprocessor = preprocessor;
        this.tokenizer = tokenizer;
        this.device = device;
        this.augmentation = augmentation;
    }

    /** Pixels [N, 3, S, S] in fp32 on the device; augmented when {@code random} is given. */
    Tensor pixels(List<Sample> samples, Random random) {
        List<Mat> images = new ArrayList<>(samples.size());
        try {
            for (Sample s : samples) {
                images.add(decoder.decode(s.image()));
            }
            Tensor pixels = preprocessor.batch(images, new Device("cpu"), ScalarType.Float);
            if (random != null) {
                pixels = augmentation.apply(pixels, random);
            }
            return pixels.to(device, ScalarType.Float);
        } finally {
            images.forEach(Mat::close);
        }
    }

    /** Token ids [N, T] on the device for {@code texts}. */
    Tensor ids(List<String> texts) {
        try (TokenBatch batch = tokenizer.tokenize(texts)) {
            Tensor all = torch.from_blob(batch.ids(), batch.shape(), new TensorOptions(ScalarType.Long));
            return all.narrow(1, 0, batch.longest(0, batch.size())).to(device, ScalarType.Long).clone();
        }
    }

    /** Captions of the samples, in order. */
    static List<String> captions(List<Sample> samples) {
        return samples.stream().map(Sample::caption).toList();
    }
}
