package io.clip4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/** A task encodes on the GPU Spark assigned it, so executors on one machine spread over its GPUs. */
class TaskDeviceTest {
    private static Map<String, ResourceInformation> gpu(String address) {
        return Map.of("gpu", new ResourceInformation("gpu", new String[] {address}));
    }

    @Test
    void theAssignedGpuWinsOverGpuZero() {
        assertEquals("cuda:3", TaskDevice.choose("auto", gpu("3")));
        assertEquals("cuda:1", TaskDevice.choose("cuda", gpu("1")));
        assertEquals("cpu", TaskDevice.choose("auto", Map.of()));
        assertEquals("cuda:0", TaskDevice.choose("cuda", Map.of()));
        assertEquals("cpu", TaskDevice.choose("cpu", gpu("2")), "an explicit cpu stays on the cpu");
        assertEquals("cuda:5", TaskDevice.choose("cuda:5", gpu("2")), "an explicit device is the user's choice");
    }

    /** A task decodes on the cores Spark gave it (spark.task.cpus), never more than the engine would use alone. */
    @Test
    void aTaskDecodesOnTheCoresSparkGaveIt() {
        var alone = io.clip4j.pipeline.ImageEmbeddingPipeline.Options.forDevice(false, 16);
        assertEquals(1, EmbedImagePartition.pipelineOptions(false, 16, 1).decodeThreads());
        assertEquals(alone, EmbedImagePartition.pipelineOptions(false, 16, 0), "outside a task: the engine's default");
        assertEquals(alone.decodeThreads(), EmbedImagePartition.pipelineOptions(false, 16, 64).decodeThreads());
        assertEquals(16, EmbedImagePartition.pipelineOptions(true, 16, 2).batchSize());
    }
}
