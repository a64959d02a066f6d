package io.clip4j.train;

import io.clip4j.BadFileException;
import io.clip4j.internal.SafeTensorsFile;
import io.clip4j.internal.SafeTensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * What resuming needs besides the weights, saved next to them as
 * {@code training_state.safetensors}: AdamW's moments as tensors and, in the metadata, the
 * epoch finished and the update count (which is where the learning-rate schedule stands).
 */
public record TrainingState(int epoch, long step) {
    /** The file's name inside a checkpoint folder. */
    public static final String FILE = "training_state.safetensors";

    /** Writes the optimiser's moments and this state into {@code dir}. */
    public static void save(Path dir, AdamW optimizer, int epoch) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("epoch", Integer.toString(epoch));
        metadata.put("step", Long.toString(optimizer.steps()));
        SafeTensorsWriter.write(dir.resolve(FILE), optimizer.state(), metadata);
    }

    /** True when {@code dir} holds a state to resume from. */
    public static boolean existsIn(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /** Restores the moments into {@code optimizer} and returns where the run stood. */
    public static TrainingState restore(Path dir, AdamW optimizer) {
        Path file = dir.resolve(FILE);
        try (SafeTensorsFile saved = SafeTensorsFile.open(file)) {
            Map<String, String> metadata = saved.metadata();
            TrainingState state;
            try {
                state = new TrainingState(Integer.parseInt(metadata.get("epoch")), Long.parseLong(metadata.get("step")));
            } catch (RuntimeException e) {
                throw new BadFileException(file, "metadata 'epoch' and 'step' must be whole numbers");
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            saved.entries().keySet().forEach(name -> tensors.put(name, saved.tensor(name)));
            optimizer.restore(tensors, state.step());
            return state;
        }
    }
}
