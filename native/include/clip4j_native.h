/*
 * clip4j's native kernels: a C ABI, so that any binding (JavaCPP, JNI) can call it.
 * Element-wise work that libtorch's eager mode runs as several kernels, fused into one pass.
 */
#ifndef CLIP4J_NATIVE_H
#define CLIP4J_NATIVE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The version of this C ABI; a binding refuses a library of another version. */
#define CLIP4J_NATIVE_ABI 2
int clip4j_native_abi_version(void);

/** 1 when the library was built with its CUDA kernels, else 0. */
int clip4j_native_has_cuda(void);

/**
 * In place, for a row-major [rows, cols] fp32 matrix on the CPU:
 * x[r][c] = quick_gelu(x[r][c] + bias[c]), quick_gelu(v) = v * sigmoid(1.702 v).
 * CLIP's MLP activation after its first linear layer without bias: three eager kernels in one pass.
 */
void clip4j_bias_quick_gelu_f32_cpu(float* x, const float* bias, int64_t rows, int64_t cols);

/** Element types of the CUDA kernels. */
enum clip4j_dtype { CLIP4J_F32 = 0, CLIP4J_BF16 = 1 };

/**
 * The same on the GPU, queued on {@code stream} (a cudaStream_t; null for the default stream),
 * for device pointers of {@code dtype} (bias of the same type; bf16 computes in fp32). Returns
 * 0, or a cudaError_t; -1 when the library has no CUDA kernels, -2 for an unknown dtype.
 */
int clip4j_bias_quick_gelu_cuda(void* x, const void* bias, int64_t rows, int64_t cols, int dtype, void* stream);

/**
 * The residual add and the next LayerNorm in one pass, for row-major [rows, cols] fp32 on the CPU:
 *   sum[r][c]    = x[r][c] + delta[r][c] + delta_bias[c]          (delta_bias may be null)
 *   normed[r][c] = (sum[r][c] - mean_r) / sqrt(var_r + eps) * gamma[c] + beta[c]
 * with the row's mean and biased variance, as torch.layer_norm. This is a pre-LayerNorm block's
 * "h = x + proj(...); ln(h)" where proj ran without its bias: four eager kernels in one.
 * sum and normed must not overlap x or delta.
 */
void clip4j_add_layer_norm_f32_cpu(const float* x, const float* delta, const float* delta_bias, const float* gamma,
                                   const float* beta, float* sum, float* normed, int64_t rows, int64_t cols,
                                   float eps);

/**
 * The same on the GPU, queued on {@code stream}, for device pointers of {@code dtype} (all of one
 * type; bf16 adds and normalises in fp32, stores sum rounded to bf16 and normalises that rounded
 * value, as eager does). Returns 0, or a cudaError_t; -1 without CUDA kernels, -2 for an unknown dtype.
 */
int clip4j_add_layer_norm_cuda(const void* x, const void* delta, const void* delta_bias, const void* gamma,
                               const void* beta, void* sum, void* normed, int64_t rows, int64_t cols, float eps,
                               int dtype, void* stream);

#ifdef __cplusplus
}
#endif

#endif
