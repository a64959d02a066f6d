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
