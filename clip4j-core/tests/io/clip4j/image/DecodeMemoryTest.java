package io.clip4j.image;

import static io.clip4j.image.DecodeTestImages.fixture;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC4;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * Decoding the fixtures 2,000 times, with conversions and refused inputs mixed in, leaves native
 * memory where it was: every OpenCV temporary is freed, and so is every result once closed.
 */
class DecodeMemoryTest {
    private static final int ITERATIONS = 2_000;
    private static final long SLACK_BYTES = 32L << 20;
    private static final List<String> NAMES = List.of("astronaut.png", "chelsea.png", "chelsea_q90.jpg", "coffee.png",
            "gray_ramp.png", "rgba_noise.png", "tall_gradient.png", "tiny_random.png");

    @Test
    void decodingTwoThousandTimesKeepsNativeMemoryFlat() throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        byte[] jpeg = Files.readAllBytes(fixture("chelsea_q90.jpg"));
        byte[] truncated = Arrays.copyOf(Files.readAllBytes(fixture("chelsea.png")), 100_000);
        byte[] bomb = DecodeTestImages.pngClaiming(100_000, 100_000);
        try (Mat deep = new Mat(48, 64, CV_16UC4, new Scalar(1000, 2000, 3000, 4000))) {
            Runnable once = new Runnable() {
                private int k;

                @Override
                public void run() {
                    Path file = fixture(NAMES.get(k % NAMES.size()));
                    try (Mat m = decoder.decode(file)) {
                        assertEquals(CV_8UC3, m.type());
                    }
                    if (k % 4 == 0) {
                        try (Mat m = decoder.decode(jpeg, "jpeg"); Mat c = decoder.toBgr8(deep, "deep")) {
                            assertEquals(451, m.cols());
                            assertEquals(64, c.cols());
                        }
                    }
                    if (k % 4 == 1) {
                        assertThrows(ImageDecodeException.class, () -> decoder.decode(truncated, "truncated"));
                        assertThrows(ImageDecodeException.class, () -> decoder.decode(bomb, "bomb"));
                    }
                    if (k % 4 == 2) {
                        try (PointerScope scope = new PointerScope()) {
                            decoder.decode(file);                   // freed by the caller's scope
                            decoder.toBgr8(deep, "deep");
                        }
                    }
                    k++;
                }
            };
            io.clip4j.NativeMemory.assertFlat("decoding", 200, ITERATIONS, SLACK_BYTES, once);
        }
    }
}
