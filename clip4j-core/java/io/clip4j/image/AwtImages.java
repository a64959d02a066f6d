package io.clip4j.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * {@link BufferedImage}s (ImageIO, Swing, other libraries) as the 8-bit BGR {@link Mat}s the
 * model reads. Colour is converted as the reference's {@code convert("RGB")} does: alpha is
 * dropped, not blended; grey samples are copied as they are (Java's sRGB conversion of grey
 * images would change their levels).
 */
public final class AwtImages {
    private AwtImages() {
    }

    /** A new {@code CV_8UC3} BGR copy of {@code image}, owned by the caller (or its PointerScope). */
    public static Mat toBgr(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] bgr = new byte[w * h * 3];
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            Raster raster = image.getRaster();
            for (int y = 0, i = 0; y < h; y++) {
                for (int x = 0; x < w; x++, i += 3) {
                    byte v = (byte) raster.getSample(x, y, 0);
                    bgr[i] = v;
                    bgr[i + 1] = v;
                    bgr[i + 2] = v;
                }
            }
        } else {
            int[] row = new int[w];
            for (int y = 0, i = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++, i += 3) {
                    bgr[i] = (byte) row[x];
                    bgr[i + 1] = (byte) (row[x] >> 8);
                    bgr[i + 2] = (byte) (row[x] >> 16);
                }
            }
        }
        Mat mat = new Mat(h, w, opencv_core.CV_8UC3);
        mat.data().put(bgr);
        return mat;
    }
}
