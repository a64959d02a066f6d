// The CUDA kernel: one thread per element, bias broadcast along rows, math in fp32.
#include "clip4j_native.h"

#include <cuda_bf16.h>
#include <cuda_runtime.h>

namespace {

__device__ __forceinline__ float quick_gelu(float v) {
    return v / (1.0f + __expf(-1.702f * v));
}

__global__ void bias_quick_gelu_f32(float* x, const float* bias, int64_t n, int64_t cols) {
    for (int64_t i = blockIdx.x * (int64_t) blockDim.x + threadIdx.x; i < n; i += (int64_t) gridDim.x * blockDim.x) {
        x[i] = quick_gelu(x[i] + bias[i % cols]);
    }
}

__global__ void bias_quick_gelu_bf16(__nv_bfloat16* x, const __nv_bfloat16* bias, int64_t n, int64_t cols) {
    for (int64_t i = blockIdx.x * (int64_t) blockDim.x + threadIdx.x; i < n; i += (int64_t) gridDim.x * blockDim.x) {
        x[i] = __float2bfloat16(quick_gelu(__bfloat162float(x[i]) + __bfloat162float(bias[i % cols])));
    }
}

// Loads and stores of one element type, with the arithmetic in fp32.
__device__ __forceinline__ float load(const float* p, int64_t i) { return p[i]; }
__device__ __forceinline__ float load(const __nv_bfloat16* p, int64_t i) { return __bfloat162float(p[i]); }
__device__ __forceinline__ float store(float* p, int64_t i, float v) { p[i] = v; return v; }
__device__ __forceinline__ float store(__nv_bfloat16* p, int64_t i, float v) {
    p[i] = __float2bfloat16(v);
    return __bfloat162float(p[i]);  // what was stored, so LayerNorm normalises the rounded sum as eager does
}

constexpr int LN_THREADS = 256;

// The sum of one value per thread over the block; every thread gets it.
__device__ float block_sum(float v, float* shared) {
    for (int offset = 16; offset > 0; offset /= 2) {
        v += __shfl_xor_sync(0xffffffff, v, offset);
    }
    const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    if (lane == 0) {
        shared[warp] = v;
    }
    __syncthreads();
    float total = 0;
    for (int w = 0; w < LN_THREADS / 32; ++w) {
        total += shared[w];
    }
    __syncthreads();  // shared is reused by the next call
    return total;
}

// One block per row: the sum is written (and kept in fp32 for the first pass's total), then the
// row's mean and variance (two passes over the row, which stays in L1/L2), then the normed row.
template <typename T>
__global__ void add_layer_norm(const T* x, const T* delta, const T* delta_bias, const T* gamma, const T* beta,
                               T* sum, T* normed, int64_t cols, float eps) {
    __shared__ float shared[LN_THREADS / 32];
    const int64_t base = blockIdx.x * cols;
    float local = 0;
    for (int64_t c = threadIdx.x; c < cols; c += LN_THREADS) {
        const float d = delta_bias ? load(delta, base + c) + load(delta_bias, c) : load(delta, base + c);
        local += store(sum, base + c, load(x, base + c) + d);
    }
    const float mean = block_sum(local, shared) / (float) cols;
    float squares = 0;
    for (int64_t c = threadIdx.x; c < cols; c += LN_THREADS) {
        const float d = load(sum, base + c) - mean;
        squares += d * d;
    }
    const float rstd = rsqrtf(block_sum(squares, shared) / (float) cols + eps);
    for (int64_t c = threadIdx.x; c < cols; c += LN_THREADS) {
        store(normed, base + c, (load(sum, base + c) - mean) * rstd * load(gamma, c) + load(beta, c));
    }
}

}  // namespace

extern "C" int clip4j_native_has_cuda(void) {
    return 1;
}

extern "C" int clip4j_bias_quick_gelu_cuda(void* x, const void* bias, int64_t rows, int64_t cols, int dtype, void* stream) {
    const int64_t n = rows * cols;
    if (n == 0) {
        return 0;
    }
    const int threads = 256;
    const int blocks = (int) ((n + threads - 1) / threads < 65535 ? (n + threads - 1) / threads : 65535);
    cudaStream_t s = static_cast<cudaStream_t>(stream);
    switch (dtype) {
        case CLIP4J_F32:
            bias_quick_gelu_f32<<<blocks, threads, 0, s>>>(static_cast<float*>(x), static_cast<const float*>(bias), n, cols);
            break;
        case CLIP4J_BF16:
            bias_quick_gelu_bf16<<<blocks, threads, 0, s>>>(static_cast<__nv_bfloat16*>(x),
                                                            static_cast<const __nv_bfloat16*>(bias), n, cols);
            break;
        default:
            return -2;
    }
    return (int) cudaGetLastError();
}

extern "C" int clip4j_add_layer_norm_cuda(const void* x, const void* delta, const void* delta_bias, const void* gamma,
                                          const void* beta, void* sum, void* normed, int64_t rows, int64_t cols,
                                          float eps, int dtype, void* stream) {
    if (rows == 0 || cols == 0) {
        return 0;
    }
    // Rows go on the grid's x dimension (up to 2^31 - 1): batch × tokens is far below that.
    cudaStream_t s = static_cast<cudaStream_t>(stream);
    switch (dtype) {
        case CLIP4J_F32:
            add_layer_norm<float><<<(unsigned) rows, LN_THREADS, 0, s>>>(
                    static_cast<const float*>(x), static_cast<const float*>(delta), static_cast<const float*>(delta_bias),
                    static_cast<const float*>(gamma), static_cast<const float*>(beta), static_cast<float*>(sum),
                    static_cast<float*>(normed), cols, eps);
            break;
        case CLIP4J_BF16:
            add_layer_norm<__nv_bfloat16><<<(unsigned) rows, LN_THREADS, 0, s>>>(
                    static_cast<const __nv_bfloat16*>(x), static_cast<const __nv_bfloat16*>(delta),
                    static_cast<const __nv_bfloat16*>(delta_bias), static_cast<const __nv_bfloat16*>(gamma),
                    static_cast<const __nv_bfloat16*>(beta), static_cast<__nv_bfloat16*>(sum),
                    static_cast<__nv_bfloat16*>(normed), cols, eps);
            break;
        default:
            return -2;
    }
    return (int) cudaGetLastError();
}
