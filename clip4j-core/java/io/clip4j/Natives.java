package io.clip4j;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
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
        loadBundledLibrariesFirst();
        Loader.load(torch.class);
        // libtorch reads TORCH_CPP_LOG_LEVEL only when asked to; bin/clip4j sets it to ERROR, so its deprecation
        // warnings (three on every int8 command) stay off the user's stderr unless they ask for them
        torch.initLogging();
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

    /** libtorch's own libraries in dependency order (the CUDA ones exist only in the GPU build). */
    private static final List<String> LIBTORCH_IN_ORDER = List.of(
            "libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so");

    /**
     * Extracts every library of the libtorch jar into JavaCPP's cache and loads libtorch's own
     * libraries from there, dependencies first, before JavaCPP loads anything. JavaCPP extracts
     * each library just before loading it, so on a first run (empty cache) libtorch.so was loaded
     * while libtorch_cpu.so was not yet beside it, and the dynamic linker took another
     * libtorch_cpu.so from the system (Debian's libtorch-dev, a conda or pip environment on
     * LD_LIBRARY_PATH, which is searched even before the bundled libraries' $ORIGIN): two
     * libtorch versions met and the JVM crashed. A library loaded by absolute path first is the
     * one every later dependency on its name resolves to. Later runs only compare sizes and
     * dates. A CUDA bundle without these resources (the GPU recipe) has nothing to extract.
     */
    private static void loadBundledLibrariesFirst() {
        String platform = Loader.getPlatform();
        try {
            for (File dir : Loader.cacheResources(torch.class, "/org/bytedeco/pytorch/" + platform + "/")) {
                Loader.load(openblas.class); // libtorch_cpu's BLAS, from its own jar
                loadInOrder(dir);
            }
            for (File dir : Loader.cacheResources(torch.class, "/org/bytedeco/pytorch/" + platform + "-gpu/")) {
                try {
                    loadInOrder(dir);
                } catch (UnsatisfiedLinkError e) {
                    // CUDA's own libraries come from other jars JavaCPP loads in its order: leave it to that
                    LOG.log(System.Logger.Level.DEBUG, "loading the CUDA libtorch in JavaCPP's order: " + e.getMessage());
                }
            }
        } catch (UnsatisfiedLinkError e) {
            throw new ClipException("cannot load libtorch's bundled native libraries: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new ClipException("cannot extract libtorch's native libraries into the JavaCPP cache "
                    + cacheDirName() + " (" + e.getMessage() + "); point -Dorg.bytedeco.javacpp.cachedir at a writable folder", e);
        }
    }

    private static void loadInOrder(File dir) {
        for (String name : LIBTORCH_IN_ORDER) {
            File library = new File(dir, name);
            if (library.isFile()) {
                System.load(library.getAbsolutePath());
            }
        }
    }

    private static String cacheDirName() {
        String configured = System.getProperty("org.bytedeco.javacpp.cachedir");
        return configured != null ? configured : Path.of(System.getProperty("user.home"), ".javacpp", "cache").toString();
    }
}
