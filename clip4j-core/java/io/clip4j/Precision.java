package io.clip4j;

import java.util.Locale;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** The number format the model's weights and activations use. */
public enum Precision {
    /** 32-bit float: exact parity with the reference; the default, and the CPU choice. */
    FP32(ScalarType.Float),
    /** 16-bit float (GPU). */
    FP16(ScalarType.Half),
    /** bfloat16 (fp32's range at half the bytes; on the GPU, and on CPUs with AVX512-BF16 or AMX). */
    BF16(ScalarType.BFloat16),
    /**
     * int8 weights for the transformer's linear layers, activations quantized per call (PyTorch's
     * fbgemm kernels: x86 CPUs with AVX2, fastest with AVX512-VNNI); fp32 everywhere else. CPU
     * inference only: opt-in, slightly less exact than fp32 (see docs/performance).
     */
    INT8(ScalarType.Float),
    /**
     * FP8 (e4m3) weights and activations for the image tower's linear layers, scaled per tensor,
     * through cuBLASLt's FP8 GEMM (libtorch's {@code _scaled_mm}), with bf16 results; bf16
     * everywhere else, the text tower included (its activations' outliers cost too much accuracy
     * in FP8). Inference on GPUs with FP8 tensor cores (compute capability 8.9 or newer: L4,
     * L40S, H100, H200) only: opt-in, less exact than bf16.
     */
    FP8(ScalarType.BFloat16);

    private final ScalarType scalarType;

    Precision(ScalarType scalarType) {
        this.scalarType = scalarType;
    }

    /**
     * The libtorch scalar type of weights and activations ({@code Float} for {@link #INT8} and
     * {@code BFloat16} for {@link #FP8}, whose quantized linear weights are extra).
     */
    public ScalarType scalarType() {
        return scalarType;
    }

    /**
     * Refuses this precision where it cannot run, naming what to use instead: int8 off the CPU,
     * fp8 on the CPU or on a GPU older than compute capability 8.9 (the one check that opens the
     * device).
     */
    public void requireRunsOn(String device) {
        boolean cpu = device.strip().equalsIgnoreCase("cpu");
        if (this == INT8 && !cpu) {
            throw new ClipException("dtype int8 runs on the CPU only; on " + device + " use bf16 or fp16");
        }
        if (this == FP8) {
            if (cpu) {
                throw new ClipException("dtype fp8 runs on GPUs with FP8 tensor cores (compute capability 8.9 or newer: "
                        + "L4, L40S, H100, H200); on the CPU use int8");
            }
            int capability = Devices.computeCapability(Devices.open(device));
            if (capability < 89) {
                throw new ClipException("dtype fp8 needs FP8 tensor cores (compute capability 8.9 or newer); " + device
                        + " has " + capability / 10 + "." + capability % 10 + ": use bf16");
            }
        }
    }

    /** Parses {@code fp32}/{@code float32}/{@code float}, {@code fp16}/{@code float16}/{@code half}, {@code bf16}/{@code bfloat16}, {@code int8}, {@code fp8}/{@code e4m3}. */
    public static Precision parse(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "fp32", "float32", "float", "f32" -> FP32;
            case "fp16", "float16", "half", "f16" -> FP16;
            case "bf16", "bfloat16" -> BF16;
            case "int8", "i8" -> INT8;
            case "fp8", "float8", "e4m3", "fp8-e4m3" -> FP8;
            default -> throw new ClipException("unknown dtype '" + name + "'; use fp32, fp16, bf16, int8 or fp8");
        };
    }

    /** The short name used on the command line. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
