package io.clip4j.examples;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import io.clip4j.ClipModel;
import io.clip4j.zeroshot.Classification;
import io.clip4j.zeroshot.PromptTemplates;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;

/**
 * Classifies video frames batch by batch, straight from OpenCV: frames read with
 * {@link VideoCapture} (or drawn here when no video is given or no backend can open it) go to
 * the classifier as they are, without copies.
 *
 * <pre>
 * java -cp 'target/clip4j-0.1.0-SNAPSHOT.jar:target/lib/*' io.clip4j.examples.VideoClassification MODEL_DIR [VIDEO]
 * </pre>
 */
public final class VideoClassification {
    private static final int BATCH = 16;
    private static final int GENERATED_FRAMES = 48;

    private VideoClassification() {
    }

    /** {@code args}: the model directory, then optionally a video file. */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: VideoClassification MODEL_DIR [VIDEO]");
            System.exit(2);
        }
        run(Path.of(args[0]), args.length > 1 ? args[1] : null, System.out);
    }

    /** Classifies every frame and prints one line per frame: its number and the best label. */
    public static void run(Path modelDir, String video, PrintStream out) {
        List<String> labels = List.of("a red circle", "a blue square", "a green background", "a dark room");
        try (ClipModel clip = ClipModel.load(modelDir);
             ZeroShotClassifier classifier = ZeroShotClassifier.create(clip, labels, PromptTemplates.single("a photo of {}."));
             VideoCapture capture = video == null ? null : new VideoCapture(video)) {
            boolean fromVideo = capture != null && capture.isOpened();
            if (video != null && !fromVideo) {
                System.err.println("cannot open " + video + " with this OpenCV build; drawing frames instead");
            }
            int frameNumber = 0;
            while (true) {
                try (PointerScope scope = new PointerScope()) { // frees each batch's frames and tensors
                    List<Mat> batch = new ArrayList<>();
                    while (batch.size() < BATCH) {
                        Mat frame = new Mat(); // a fresh Mat per frame: read() fills it, nothing is copied later
                        boolean got = fromVideo ? capture.read(frame) : draw(frame, frameNumber + batch.size());
                        if (!got || frame.empty()) {
                            break;
                        }
                        batch.add(frame);
                    }
                    if (batch.isEmpty()) {
                        return;
                    }
                    for (Classification c : classifier.classifyImages(batch, 1)) {
                        out.printf("frame %d: %s (%.2f)%n", frameNumber++, c.best().label(), c.best().probability());
                    }
                }
            }
        }
    }

    /** A synthetic 160×120 frame: a red circle moving across a green field, then a blue square. */
    private static boolean draw(Mat frame, int index) {
        if (index >= GENERATED_FRAMES) {
            return false;
        }
        frame.create(120, 160, org.bytedeco.opencv.global.opencv_core.CV_8UC3);
        frame.put(new Scalar(40, 160, 40, 0)); // BGR green
        int x = 20 + (index * 3) % 120;
        if (index % 2 == 0) {
            circle(frame, new Point(x, 60), 25, new Scalar(0, 0, 255, 0), FILLED, 8, 0);
        } else {
            rectangle(frame, new Point(x - 20, 40), new Point(x + 20, 80), new Scalar(255, 0, 0, 0), FILLED, 8, 0);
        }
        return true;
    }
}
