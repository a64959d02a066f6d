// The CPU kernel, and the reference the CUDA kernel is tested against.
#include "clip4j_native.h"

#include <cmath>

extern "C" int clip4j_native_abi_version(void) {
    return CLIP4J_NATIVE_ABI;
}

extern "C" void clip4j_bias_quick_gelu_f32_cpu(float* x, const float* bias, int64_t rows, int64_t cols) {
    for (int64_t r = 0; r < rows; ++r) {
        float* row = x + r * cols;
        for (int64_t c = 0; c < cols; ++c) {
            const float v = row[c] + bias[c];
            row[c] = v / (1.0f + std::exp(-1.702f * v));
        }
    }
}
