// The fused CPU kernel against the unfused steps (add the bias; then v * sigmoid(1.702 v)),
// on values that cover the activation's range, including where sigmoid saturates.
#include "clip4j_native.h"

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
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
    if (clip4j_native_abi_version() != CLIP4J_NATIVE_ABI) {
        std::printf("abi version %d, header %d\n", clip4j_native_abi_version(), CLIP4J_NATIVE_ABI);
        return 1;
    }
    std::printf("fused bias+quick_gelu (cpu): worst relative error %.3g; cuda kernels built: %d\n", worst,
                clip4j_native_has_cuda());
    return worst <= 1e-6 ? 0 : 1;
}
