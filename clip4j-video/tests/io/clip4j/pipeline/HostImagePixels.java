package io.clip4j.pipeline;

import org.bytedeco.javacpp.BytePointer;

/** Test access to a HostImage's BGR bytes (row-major, 3 per pixel). */
public final class HostImagePixels {
    private HostImagePixels() {
    }

    public static byte[] bgr(HostImage image) {
        byte[] out = new byte[image.width() * image.height() * 3];
        new BytePointer(image.pixels().data_ptr()).get(out);
        return out;
    }
}
