package io.clip4j.springai;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code clip4j.model-dir} (required), {@code clip4j.device} ({@code cpu}, {@code cuda},
 * {@code cuda:N}) and {@code clip4j.dtype} ({@code fp32}, {@code fp16}, {@code bf16}).
 */
@ConfigurationProperties(prefix = "clip4j")
public class ClipProperties {
    private String modelDir;
    private String device = "cpu";
    private String dtype = "fp32";

    /** The model folder. */
    public String getModelDir() {
        return modelDir;
    }

    /** Sets the model folder. */
    public void setModelDir(String modelDir) {
        this.modelDir = modelDir;
    }

    /** The device, {@code cpu} by default. */
    public String getDevice() {
        return device;
    }

    /** Sets the device. */
    public void setDevice(String device) {
        this.device = device;
    }

    /** The precision, {@code fp32} by default. */
    public String getDtype() {
        return dtype;
    }

    /** Sets the precision. */
    public void setDtype(String dtype) {
        this.dtype = dtype;
    }
}
