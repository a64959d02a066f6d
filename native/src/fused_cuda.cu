// The CUDA kernels: one block per row, math in fp32.
#include "clip4j_native.h"

#include <cuda_bf16.h>
#include <cuda_runtime.h>

#include <cstdint>

namespace {

__device__ __forceinline__ float quick_gelu(float v) {
    return v / (1.0f + __expf(-1.702f * v));
}

// One block per row, threads striding over the columns: no per-element division to find the
// column, coalesced loads, and the bias row read once per block from L1/L2.
__global__ void bias_quick_gelu_f32(float* x, const float* bias, int64_t cols) {
    float* row = x + blockIdx.x * cols;
    for (int64_t c = threadIdx.x; c < cols; c += blockDim.x) {
        row[c] = quick_gelu(row[c] + bias[c]);
    }
}

// bf16 two at a time (CLIP's widths are even): 4-byte loads and stores.
__global__ void bias_quick_gelu_bf16x2(__nv_bfloat162* x, const __nv_bfloat162* bias, int64_t pairs) {
    __nv_bfloat162* row = x + blockIdx.x * pairs;
    for (int64_t c = threadIdx.x; c < pairs; c += blockDim.x) {
        const float2 v = __bfloat1622float2(row[c]);
        const float2 b = __bfloat1622float2(bias[c]);
        row[c] = __floats2bfloat162_rn(quick_gelu(v.x + b.x), quick_gelu(v.y + b.y));
    }
}

__global__ void bias_quick_gelu_bf16(__nv_bfloat16* x, const __nv_bfloat16* bias, int64_t cols) {
    __nv_bfloat16* row = x + blockIdx.x * cols;
    for (int64_t c = threadIdx.x; c < cols; c += blockDim.x) {
        row[c] = __float2bfloat16(quick_gelu(__bfloat162float(row[c]) + __bfloat162float(bias[c])));
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
    if (rows == 0 || cols == 0) {
        return 0;
    }
    const int threads = 256;
    cudaStream_t s = static_cast<cudaStream_t>(stream);
    switch (dtype) {  // rows on the grid's x dimension (up to 2^31 - 1)
        case CLIP4J_F32:
            bias_quick_gelu_f32<<<(unsigned) rows, threads, 0, s>>>(static_cast<float*>(x), static_cast<const float*>(bias), cols);
            break;
        case CLIP4J_BF16:
            // pairs when every row starts 4-byte aligned: even widths over 4-byte aligned buffers
            if (cols % 2 == 0 && (reinterpret_cast<uintptr_t>(x) | reinterpret_cast<uintptr_t>(bias)) % 4 == 0) {
                bias_quick_gelu_bf16x2<<<(unsigned) rows, threads, 0, s>>>(static_cast<__nv_bfloat162*>(x),
                                                                           static_cast<const __nv_bfloat162*>(bias), cols / 2);
            } else {
                bias_quick_gelu_bf16<<<(unsigned) rows, threads, 0, s>>>(static_cast<__nv_bfloat16*>(x),
                                                                         static_cast<const __nv_bfloat16*>(bias), cols);
            }
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
