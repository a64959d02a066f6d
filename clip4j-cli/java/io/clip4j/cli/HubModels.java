package io.clip4j.cli;

import io.clip4j.hub.ModelHub;
import io.clip4j.hub.Snapshot;
import java.nio.file.Path;

/**
 * {@code --model hf:OWNER/NAME[@REVISION]}: the repository downloaded into the hub cache (or found there),
 * with a progress bar per file on a terminal; any other value is the model folder itself.
 */
final class HubModels {
    private HubModels() {
    }

    /** The folder a {@code --model} value names. */
    static Path folder(Path model) {
        String value = model.toString();
        return ModelHub.isReference(value) ? pull(ModelHub.fromEnvironment(), value).folder() : model;
    }

    /** Downloads {@code hf:...} with {@code hub}, showing each file's bytes on stderr when it is a terminal. */
    static Snapshot pull(ModelHub hub, String reference) {
        try (BarPerFile bars = new BarPerFile()) {
            return hub.withListener(bars).downloadReference(reference);
        }
    }

    private static final class BarPerFile implements ModelHub.Listener, AutoCloseable {
        private Progress current;

        @Override
        public void fileStarted(String name, long size) {
            close();
            current = Progress.bytes(name, size);
        }

        @Override
        public void advanced(long bytes) {
            if (current != null) {
                current.step(bytes);
            }
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }
}
