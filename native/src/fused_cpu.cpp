// The CPU kernels, and the reference the CUDA kernels are tested against. The loops are written
// so that GCC vectorises them (OpenMP SIMD pragmas, compiled with -fopenmp-simd); each kernel is
// cloned for AVX-512, AVX2 and the baseline and picked at load time, so one library runs anywhere.
#include "clip4j_native.h"

#include <cmath>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define CLIP4J_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CLIP4J_CLONES
#endif

namespace {

// exp(x) for float, vectorisable: Cephes' expf (range reduction by ln 2 in two parts, a degree-6
// polynomial, the exponent set through the bits), within about 2 ulp of expf. x is clamped to
// [-87.3, 88.3], so it returns a normal float: for quick_gelu that changes nothing measurable.
inline float exp_vec(float x) {
    x = x < -87.3f ? -87.3f : (x > 88.3f ? 88.3f : x);
    const float n = std::nearbyint(x * 1.44269504088896341f);  // vectorises where floor(v + 0.5) does not
    const float r = x - n * 0.693359375f + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    const float y = p * r * r + r + 1.0f;
    const float scale = __builtin_bit_cast(float, ((int32_t) n + 127) << 23);  // 2^n
    return y * scale;
}

}  // namespace

extern "C" int clip4j_native_abi_version(void) {
    return CLIP4J_NATIVE_ABI;
}

extern "C" CLIP4J_CLONES void clip4j_bias_quick_gelu_f32_cpu(float* x, const float* bias, int64_t rows, int64_t cols) {
    for (int64_t r = 0; r < rows; ++r) {
        float* row = x + r * cols;
#pragma omp simd
        for (int64_t c = 0; c < cols; ++c) {
            const float v = row[c] + bias[c];
            row[c] = v / (1.0f + exp_vec(-1.702f * v));
        }
    }
}

extern "C" CLIP4J_CLONES void clip4j_add_layer_norm_f32_cpu(const float* x, const float* delta, const float* delta_bias,
                                              const float* gamma, const float* beta, float* sum, float* normed,
                                              int64_t rows, int64_t cols, float eps) {
    for (int64_t r = 0; r < rows; ++r) {
        const float* xr = x + r * cols;
        const float* dr = delta + r * cols;
        float* sr = sum + r * cols;
        float* nr = normed + r * cols;
        // The statistics in double: a row is at most a few thousand values, and a float mean of a
        // row far from 0 would lose the low bits the centring needs.
        double total = 0;
        if (delta_bias) {
#pragma omp simd reduction(+ : total)
            for (int64_t c = 0; c < cols; ++c) {
                const float v = xr[c] + (dr[c] + delta_bias[c]);  // eager's order: x + (delta + bias)
                sr[c] = v;
                total += v;
            }
        } else {
#pragma omp simd reduction(+ : total)
            for (int64_t c = 0; c < cols; ++c) {
                const float v = xr[c] + dr[c];
                sr[c] = v;
                total += v;
            }
        }
        const double mean = total / (double) cols;
        double squares = 0;
#pragma omp simd reduction(+ : squares)
        for (int64_t c = 0; c < cols; ++c) {
            const double d = sr[c] - mean;
            squares += d * d;
        }
        const double rstd = 1.0 / std::sqrt(squares / (double) cols + eps);
#pragma omp simd
        for (int64_t c = 0; c < cols; ++c) {
            nr[c] = (float) ((sr[c] - mean) * rstd) * gamma[c] + beta[c];
        }
    }
}
