// The fused CPU kernels against the unfused steps, computed here in double:
// - bias + quick_gelu (add the bias; then v * sigmoid(1.702 v)) on values that cover the
//   activation's range, including where sigmoid saturates;
// - residual add + LayerNorm, with and without the delta's bias, on rows with a large offset
//   (where a one-pass variance would cancel) and on a constant row (variance 0: eps alone).
#include "clip4j_native.h"

#include <cmath>
#include <cstdio>
#include <vector>

static float r_bias(int64_t c) {
    return 0.05f * (float) (c % 11) - 0.25f;
}

static int bias_quick_gelu() {
    const int64_t rows = 7, cols = 33;
    std::vector<float> x(rows * cols), bias(cols), expected(rows * cols);
    for (int64_t i = 0; i < rows * cols; ++i) {
        x[i] = -30.0f + 60.0f * (float) ((i * 7919) % 1000) / 1000.0f;
    }
    for (int64_t c = 0; c < cols; ++c) {
        bias[c] = 0.25f * (float) (c % 5) - 0.5f;
    }
    for (int64_t r = 0; r < rows; ++r) {
        for (int64_t c = 0; c < cols; ++c) {
            const double v = (double) x[r * cols + c] + bias[c];
            expected[r * cols + c] = (float) (v * (1.0 / (1.0 + std::exp(-1.702 * v))));
        }
    }
    clip4j_bias_quick_gelu_f32_cpu(x.data(), bias.data(), rows, cols);
    double worst = 0;
    for (int64_t i = 0; i < rows * cols; ++i) {
        const double err = std::fabs((double) x[i] - expected[i]) / (1.0 + std::fabs((double) expected[i]));
        worst = err > worst ? err : worst;
    }
    std::printf("fused bias+quick_gelu (cpu): worst relative error %.3g\n", worst);
    return worst <= 1e-6 ? 0 : 1;
}

static int add_layer_norm(bool with_bias) {
    const int64_t rows = 5, cols = 768;
    const float eps = 1e-5f;
    std::vector<float> x(rows * cols), delta(rows * cols), bias(cols), gamma(cols), beta(cols);
    for (int64_t i = 0; i < rows * cols; ++i) {
        const int64_t r = i / cols;
        x[i] = r == 4 ? 2.5f : 1000.0f * (float) r + (float) ((i * 7919) % 997) / 97.0f;  // row 4: constant
        delta[i] = r == 4 ? 0.0f : std::sin((float) i);
    }
    for (int64_t c = 0; c < cols; ++c) {
        bias[c] = r_bias(c);
        gamma[c] = 1.0f + 0.01f * (float) (c % 13);
        beta[c] = 0.1f * (float) (c % 7) - 0.3f;
    }
    const float* b = with_bias ? bias.data() : nullptr;
    std::vector<float> sum(rows * cols), normed(rows * cols);
    clip4j_add_layer_norm_f32_cpu(x.data(), delta.data(), b, gamma.data(), beta.data(), sum.data(), normed.data(), rows,
                                  cols, eps);
    double worst_sum = 0, worst_normed = 0;
    for (int64_t r = 0; r < rows; ++r) {
        std::vector<double> s(cols);
        double mean = 0, var = 0;
        for (int64_t c = 0; c < cols; ++c) {
            // LayerNorm normalises the stored (float) sum, as eager's layer_norm reads h
            const double exact = (double) x[r * cols + c] + delta[r * cols + c] + (b ? b[c] : 0.0);
            const float rounded = x[r * cols + c] + (b ? delta[r * cols + c] + b[c] : delta[r * cols + c]);
            const double es = std::fabs(sum[r * cols + c] - exact) / (1.0 + std::fabs(exact));
            worst_sum = es > worst_sum ? es : worst_sum;
            s[c] = rounded;
            mean += s[c] / cols;
        }
        for (int64_t c = 0; c < cols; ++c) {
            var += (s[c] - mean) * (s[c] - mean) / cols;
        }
        for (int64_t c = 0; c < cols; ++c) {
            const double n = (s[c] - mean) / std::sqrt(var + eps) * gamma[c] + beta[c];
            const double en = std::fabs(normed[r * cols + c] - n) / (1.0 + std::fabs(n));
            worst_normed = en > worst_normed ? en : worst_normed;
        }
    }
    std::printf("fused add+layer_norm (cpu, bias %s): worst relative error sum %.3g, normed %.3g\n",
                with_bias ? "yes" : "no", worst_sum, worst_normed);
    return worst_sum <= 1e-6 && worst_normed <= 1e-6 ? 0 : 1;
}

int main() {
    if (clip4j_native_abi_version() != CLIP4J_NATIVE_ABI) {
        std::printf("abi version %d, header %d\n", clip4j_native_abi_version(), CLIP4J_NATIVE_ABI);
        return 1;
    }
    std::printf("cuda kernels built: %d\n", clip4j_native_has_cuda());
    const int failed = bias_quick_gelu() + add_layer_norm(true) + add_layer_norm(false);
    return failed == 0 ? 0 : 1;
}
