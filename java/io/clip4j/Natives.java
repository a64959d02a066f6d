package io.clip4j;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

/** Loads the libtorch natives once. */
final class Natives {
    private Natives() {
    }

    static void load() {
        Loader.load(torch.class);
    }
}
