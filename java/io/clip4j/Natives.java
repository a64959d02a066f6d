package io.clip4j;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

/**
 * Loads the libtorch natives once and guards against the CPU thread-pool fight.
 *
 * <p>The CPU libtorch runs matrix products on OpenBLAS's threads and elementwise work on
 * OpenMP's. OpenMP's workers spin after each parallel region unless {@code OMP_WAIT_POLICY=PASSIVE}
 * was in the environment when the library loaded, and the spinning starves OpenBLAS: a ViT-B/32
 * forward ran 2-3 times slower here (see the README's performance section). A JVM cannot set
 * that variable for itself, so when it is absent clip4j limits libtorch's OpenMP pool to one
 * thread instead, which measured the same throughput as PASSIVE on this project's 2-core machine
 * (OpenBLAS keeps all cores for the GEMMs). Set {@code OMP_WAIT_POLICY} yourself (the
 * {@code bin/clip4j} launcher sets PASSIVE) to keep libtorch's default thread count.
 *
 * <p>NNPACK is switched off: it never runs CLIP's strided convolutions, and probing it prints a
 * warning on CPUs it does not support.
 */
final class Natives {
    private static final System.Logger LOG = System.getLogger(Natives.class.getName());
    private static boolean loaded;

    private Natives() {
    }

    static synchronized void load() {
        if (loaded) {
            return;
        }
        Loader.load(torch.class);
        // NNPACK never serves CLIP (its convolutions are strided), but asking whether it is
        // available prints "Could not initialize NNPACK! Reason: Unsupported hardware." on CPUs
        // it does not support, on every command. Turning it off skips the question.
        torch.globalContext().setUserEnabledNNPACK(false);
        if (System.getenv("OMP_WAIT_POLICY") == null) {
            torch.set_num_threads(1);
            LOG.log(System.Logger.Level.DEBUG, "OMP_WAIT_POLICY is not set: libtorch's OpenMP pool limited to "
                    + "one thread to keep it from starving OpenBLAS; export OMP_WAIT_POLICY=PASSIVE to use all cores");
        }
        loaded = true;
    }
}
