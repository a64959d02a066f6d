package io.clip4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipModel;
import io.clip4j.shapes.Colour;
import io.clip4j.shapes.Shape;
import io.clip4j.zeroshot.ZeroShotClassifier;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The common containers and codecs this FFmpeg build can both write and read: each file (1 s of a
 * red circle, then 1 s of a blue square) gives the two shots with their labels. H.265 is decoded
 * by the build but cannot be written by it (no H.265 software encoder), so it is not here.
 */
class ContainersAndCodecsTest {
    private static ClipModel clip;
    private static ZeroShotClassifier labels;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void load() {
        clip = ClipModel.load(Path.of("models/shapes-demo"));
        labels = clip.classifier(List.of("red circle", "blue square", "yellow triangle"));
    }

    @AfterAll
    static void close() {
        labels.close();
        clip.close();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({
        "H264, mp4, mp4",
        "H264, mov, mov",
        "MPEG4, matroska, mkv",
        "VP9, webm, webm",
        "AV1, matroska, mkv",
        "AV1, mp4, mp4",
    })
    void eachContainerAndCodecGivesItsShots(String codec, String format, String extension) throws Exception {
        int id = switch (codec) {
            case "H264" -> avcodec.AV_CODEC_ID_H264;
            case "MPEG4" -> avcodec.AV_CODEC_ID_MPEG4;
            case "VP9" -> avcodec.AV_CODEC_ID_VP9;
            default -> avcodec.AV_CODEC_ID_AV1;
        };
        Path video = TestVideos.write(tmp.resolve(codec + "-" + format + "." + extension), format, id, 25, 0, List.of(
                new TestVideos.Shot(Colour.RED, Shape.CIRCLE, 1), new TestVideos.Shot(Colour.BLUE, Shape.SQUARE, 1)));
        // OpenH264 at its default rate smears the outline in later P-frames (consecutive samples up to 0.21
        // apart for the tiny demo model, against 0.67 at the cut), so the cut threshold here is 0.3
        VideoClassifier.Result r = new VideoClassifier(clip, labels, new VideoClassifier.Options(Sampling.every(0.2), 0.3, 1, 16))
                .classify(video);
        assertNull(r.stoppedEarly());
        assertEquals(2, r.segments().size(), r.segments().toString());
        assertEquals("red circle", r.segments().get(0).labels().best().label());
        assertEquals("blue square", r.segments().get(1).labels().best().label());
        assertTrue(Math.abs(r.segments().get(1).start() - 1) <= 0.2 + 1e-6, r.segments().toString());
    }
}
