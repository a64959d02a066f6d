package io.clip4j.examples;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.fillPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.polylines;

import io.clip4j.ClipModel;
import io.clip4j.zeroshot.Classification;
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
 * java -cp 'clip4j-cli/target/clip4j-cli-0.1.0-SNAPSHOT.jar:clip4j-cli/target/lib/*' io.clip4j.examples.VideoClassification MODEL_DIR [VIDEO]
 * </pre>
 */
public final class VideoClassification {
    private static final int BATCH = 16;
    private static final int GENERATED_FRAMES = 48;
    /** The drawn frames' two subjects among look-alikes, in words the demo model (models/shapes-demo) knows. */
    static final List<String> LABELS = List.of("red circle", "green square", "red square", "green circle",
            "red triangle", "green triangle", "blue circle", "blue square", "yellow circle", "yellow square");

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
        try (ClipModel clip = ClipModel.load(modelDir);
             ZeroShotClassifier classifier = ZeroShotClassifier.create(clip, LABELS);
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

    /**
     * A synthetic 160×120 frame in the demo model's world: on grey, a red circle moving across
     * (even frames), then a green square (odd frames), each outlined in cyan as the demo's
     * training shapes are.
     */
    static boolean draw(Mat frame, int index) {
        if (index >= GENERATED_FRAMES) {
            return false;
        }
        frame.create(120, 160, org.bytedeco.opencv.global.opencv_core.CV_8UC3);
        frame.put(new Scalar(128, 128, 128, 0)); // BGR grey
        Scalar outline = new Scalar(200, 200, 0, 0); // BGR cyan
        int x = 60 + (index * 2) % 40; // stays inside the centre crop
        int r = 28;
        if (index % 2 == 0) {
            circle(frame, new Point(x, 60), r, new Scalar(20, 20, 220, 0), FILLED, LINE_AA, 0);
            circle(frame, new Point(x, 60), r, outline, 5, LINE_AA, 0);
        } else {
            Point corners = new Point(4);
            for (int i = 0; i < 4; i++) {
                double angle = Math.toRadians(45 + 90 * i);
                corners.position(i).x((int) Math.round(x + r * Math.cos(angle))).y((int) Math.round(60 + r * Math.sin(angle)));
            }
            corners.position(0);
            fillPoly(frame, corners, new int[] {4}, 1, new Scalar(40, 170, 30, 0), LINE_AA, 0, new Point(0, 0));
            polylines(frame, corners, new int[] {4}, 1, true, outline, 5, LINE_AA, 0);
        }
        return true;
    }
}
