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

extern "C" void clip4j_add_layer_norm_f32_cpu(const float* x, const float* delta, const float* delta_bias,
                                              const float* gamma, const float* beta, float* sum, float* normed,
                                              int64_t rows, int64_t cols, float eps) {
    for (int64_t r = 0; r < rows; ++r) {
        const float* xr = x + r * cols;
        const float* dr = delta + r * cols;
        float* sr = sum + r * cols;
        float* nr = normed + r * cols;
        // Sums in double: one row is at most a few thousand values, and this keeps the statistics
        // at least as exact as libtorch's float accumulation.
        double total = 0;
        for (int64_t c = 0; c < cols; ++c) {
            const float v = xr[c] + (delta_bias ? dr[c] + delta_bias[c] : dr[c]); // eager's order: x + (delta + bias)
            sr[c] = v;
            total += v;
        }
        const double mean = total / (double) cols;
        double squares = 0;
        for (int64_t c = 0; c < cols; ++c) {
            const double d = sr[c] - mean;
            squares += d * d;
        }
        const double rstd = 1.0 / std::sqrt(squares / (double) cols + eps);
        for (int64_t c = 0; c < cols; ++c) {
            // the centring in double: a float mean of a row far from 0 would lose its low bits
            nr[c] = (float) ((sr[c] - mean) * rstd) * gamma[c] + beta[c];
        }
    }
}
