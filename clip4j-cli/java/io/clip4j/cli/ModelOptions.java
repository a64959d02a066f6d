package io.clip4j.cli;

import io.clip4j.ClipModel;
import io.clip4j.ClipOptions;
import io.clip4j.image.CropRounding;
import io.clip4j.Precision;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that loads a model shares. */
final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (Hugging Face, OpenAI or OpenCLIP "
            + "layout), or hf:OWNER/NAME[@REVISION] for a Hugging Face hub repository (downloaded into its cache on first use).")
    Path model;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "D", description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--dtype", defaultValue = "fp32", paramLabel = "T", description = "fp32, fp16, bf16, int8 (CPU inference) or fp8 (GPUs of compute capability 8.9+) (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "Largest batch per encoder call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--cuda-graphs", description = "On a GPU, replay CUDA graphs for image batches of up to 64 (less launch overhead).")
    boolean cudaGraphs;

    @Option(names = "--fused-kernels", description = "Run the transformer's element-wise work through clip4j's native fused "
            + "kernels (fp32, int8 on the CPU; fp32, bf16 on a GPU), where this build has them.")
    boolean fusedKernels;

    @Option(names = "--crop-rounding", paramLabel = "R", description = "Centre-crop offset rounding: floor (transformers) or half-even "
            + "(torchvision, the original CLIP code) (default: the model's: floor for Hugging Face folders, half-even for original-CLIP exports).")
    String cropRounding;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    ClipModel load() {
        OptionChecks.atLeast(spec, "--batch-size", batchSize, 1);
        return ClipModel.load(HubModels.folder(model), ClipOptions.defaults().withDevice(device)
                .withPrecision(Precision.parse(dtype)).withMaxBatch(batchSize).withCudaGraphs(cudaGraphs).withFusedKernels(fusedKernels)
                .withCropRounding(cropRounding == null ? null : CropRounding.parse(cropRounding)));
    }
}
