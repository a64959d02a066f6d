package io.clip4j.internal;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_444;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import io.clip4j.ClipModel;
import io.clip4j.ClipOptions;
import io.clip4j.Embeddings;
import io.clip4j.Fixtures;
import io.clip4j.Precision;
import io.clip4j.image.ImageDecodeException;
import io.clip4j.image.ImageDecoder;
import io.clip4j.image.Preprocessor;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * nvJPEG against the CPU decoder (OpenCV's libjpeg-turbo) on JPEGs of the fixture images: 4:2:0
 * and 4:4:4 sampling, progressive, grayscale. The two IDCTs and chroma upsamplers differ by a
 * level or two; the bounds (mean ≤ 1.5 levels, at most 1% of samples more than 8 levels apart,
 * embeddings within cosine 0.999) are to be confirmed by the first GPU run, which prints the
 * measured values.
 */
class NvJpegTest {
    private static byte[] encode(Mat image, int... params) {
        try (BytePointer buf = new BytePointer(); IntPointer p = new IntPointer(params)) {
            assertTrue(imencode(".jpg", image, buf, p), "imencode");
            byte[] out = new byte[(int) buf.limit()];
            buf.get(out);
            return out;
        }
    }

    @Test
    void refusedOffTheGpu() {
        io.clip4j.Devices.open("cpu");
        ClipException e = assertThrows(ClipException.class, () -> NvJpeg.open(new Device("cpu")));
        assertTrue(e.getMessage().contains("GPU"), e.getMessage());
    }

    @Test
    @Tag("gpu")
    void decodesLikeTheCpuDecoder() throws Exception {
        io.clip4j.Devices.open("cpu");
        Assumptions.assumeTrue(torch.cuda_is_available(), "CUDA is not available");
        ImageDecoder cpu = new ImageDecoder();
        Device cuda = new Device("cuda");
        try (PointerScope scope = new PointerScope(); NvJpeg gpu = NvJpeg.open(cuda);
             ClipModel model = ClipModel.load(Fixtures.TINY_CLIP,
                     ClipOptions.defaults().withDevice("cuda").withPrecision(Precision.FP32))) {
            Mat png = cpu.decode(Fixtures.TINY_CLIP.resolve("images/chelsea.png"));
            Mat gray = new Mat();
            cvtColor(png, gray, COLOR_BGR2GRAY);
            Map<String, byte[]> jpegs = new LinkedHashMap<>();
            jpegs.put("chelsea_q90.jpg (4:2:0)", Files.readAllBytes(Fixtures.TINY_CLIP.resolve("images/chelsea_q90.jpg")));
            jpegs.put("4:4:4 q95", encode(png, IMWRITE_JPEG_QUALITY, 95, IMWRITE_JPEG_SAMPLING_FACTOR, IMWRITE_JPEG_SAMPLING_FACTOR_444));
            jpegs.put("progressive q85", encode(png, IMWRITE_JPEG_QUALITY, 85, IMWRITE_JPEG_PROGRESSIVE, 1));
            jpegs.put("grayscale q90", encode(gray, IMWRITE_JPEG_QUALITY, 90));
            for (Map.Entry<String, byte[]> jpeg : jpegs.entrySet()) {
                Tensor onCpu = Preprocessor.wrap(cpu.decode(jpeg.getValue(), jpeg.getKey())).to(ScalarType.Float);
                if (onCpu.size(2) == 1) {
                    onCpu = onCpu.expand(onCpu.size(0), onCpu.size(1), 3); // BGR output repeats gray
                }
                Tensor onGpu = gpu.decode(jpeg.getValue(), jpeg.getKey());
                assertEquals(Arrays.toString(Tensors.shape(onCpu)), Arrays.toString(Tensors.shape(onGpu)), jpeg.getKey());
                Tensor difference = onGpu.cpu().to(ScalarType.Float).sub(onCpu).abs();
                double mean = difference.mean().item_double();
                double beyond8 = difference.gt(new Scalar(8)).to(ScalarType.Float).mean().item_double();
                double max = difference.max().item_double();
                float[][] embeddings = new float[2][];
                int i = 0;
                for (Tensor bgr : new Tensor[] {onCpu.to(cuda, ScalarType.Byte).contiguous(), onGpu}) {
                    Tensor pixels = model.preprocessor().fromUint8Batch(bgr.unsqueeze(0), ScalarType.Float);
                    try (Embeddings e = model.embedPixels(pixels)) {
                        embeddings[i++] = e.row(0);
                    }
                }
                double cosine = Fixtures.cosine(embeddings[0], embeddings[1]);
                System.out.printf("nvJPEG vs CPU, %s: mean |difference| %.3f levels, %.4f%% beyond 8, max %.0f; embedding cosine %.6f%n",
                        jpeg.getKey(), mean, 100 * beyond8, max, cosine);
                assertTrue(mean <= 1.5 && beyond8 <= 0.01 && cosine >= 0.999, jpeg.getKey());
            }
            assertThrows(ImageDecodeException.class,
                    () -> gpu.decode(Files.readAllBytes(Fixtures.TINY_CLIP.resolve("images/chelsea.png")), "chelsea.png"));
            byte[] jpeg = jpegs.values().iterator().next();
            io.clip4j.NativeMemory.assertFlat("nvJPEG decode", 10, 500, 64L << 20, () -> {
                try (PointerScope each = new PointerScope()) {
                    assertEquals(3, gpu.decode(jpeg, "repeat").size(2));
                }
            });
        }
    }
}
