package io.clip4j.spark;

import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The device a task encodes on: the GPU Spark assigned it ({@code spark.task.resource.gpu.amount}),
 * so that executors sharing a machine do not all land on GPU 0; else what the job asked for.
 */
final class TaskDevice {
    private TaskDevice() {
    }

    /** For the running task. */
    static String current(String requested) {
        TaskContext task = TaskContext.get();
        return choose(requested, task == null ? Map.of() : scala.jdk.javaapi.CollectionConverters.asJava(task.resources()));
    }

    /**
     * @param requested {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}
     * @param resources the task's resources by name
     */
    static String choose(String requested, Map<String, ResourceInformation> resources) {
        ResourceInformation gpu = resources.get("gpu");
        String given = gpu != null && gpu.addresses().length > 0 ? "cuda:" + gpu.addresses()[0] : null;
        return switch (requested) {
            case "auto" -> given != null ? given : "cpu";
            case "cuda" -> given != null ? given : "cuda:0";
            default -> requested; // cpu, or a device the user named
        };
    }
}
