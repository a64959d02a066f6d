package io.clip4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import io.clip4j.Fixtures;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FP8 linear layer's rule, on the CPU, where libtorch's {@code _scaled_mm} dequantizes and
 * multiplies in fp32: the layer equals the product of the e4m3 values it should have made
 * (per-tensor scales amax/448) up to bf16 rounding, and stays near the fp32 product.
 */
class Fp8LinearTest {
    @BeforeAll
    static void libtorch() {
        io.clip4j.Devices.open("cpu");
    }

    /** {@code t} rounded through e4m3 with the scale amax/448, written out step by step. */
    private static Tensor e4m3RoundTrip(Tensor t) {
        Tensor fp32 = t.to(ScalarType.Float);
        double scale = Math.max(fp32.abs().max().item_double() / 448.0, 1e-12);
        return fp32.div(new Scalar(scale)).to(ScalarType.Float8_e4m3fn).to(ScalarType.Float).mul(new Scalar(scale));
    }

    @Test
    void equalsTheProductOfItsE4m3ValuesAndStaysNearFp32() {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            torch.manual_seed(11);
            Tensor weight = torch.randn(96, 64).mul(new Scalar(0.05));
            Tensor bias = torch.randn(96).mul(new Scalar(0.1));
            Tensor x = torch.randn(2, 5, 64).mul(new Scalar(3)).to(ScalarType.BFloat16);
            try (Fp8Linear layer = Fp8Linear.quantize("test", weight, bias)) {
                Tensor y = layer.apply(x);
                assertEquals(ScalarType.BFloat16, y.scalar_type().intern());
                assertEquals(java.util.List.of(2L, 5L, 96L), java.util.Arrays.stream(Tensors.shape(y)).boxed().toList());
                Tensor rule = torch.matmul(e4m3RoundTrip(x), e4m3RoundTrip(weight).t())
                        .add(bias.to(ScalarType.BFloat16).to(ScalarType.Float));
                double scale = rule.abs().max().item_double();
                double fromRule = y.to(ScalarType.Float).sub(rule).abs().max().item_double() / scale;
                Tensor exact = torch.matmul(x.to(ScalarType.Float), weight.t()).add(bias);
                double fromFp32 = y.to(ScalarType.Float).sub(exact).abs().max().item_double() / scale;
                double cosine = Fixtures.cosine(Tensors.toFloats(y.flatten()), Tensors.toFloats(exact.flatten()));
                System.out.printf("fp8 linear: from its e4m3 rule %.3g, from fp32 %.3g (of the largest output); cosine %.5f%n",
                        fromRule, fromFp32, cosine);
                assertTrue(fromRule <= 8e-3, "differs from its e4m3 rule by " + fromRule); // bf16's rounding of the result
                assertTrue(fromFp32 > fromRule, "e4m3 rounding shows against fp32");
                assertTrue(cosine >= 0.998, "cosine to fp32 " + cosine);
            }
        }
    }

    /** An outlier in the weight sets the scale; nothing overflows e4m3 into NaN, and zeros stay zeros. */
    @Test
    void outliersAndZerosStayFinite() {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor weight = torch.randn(32, 32);
            weight.select(0, 3).select(0, 5).fill_(new Scalar(1e4));
            try (Fp8Linear layer = Fp8Linear.quantize("outlier", weight, torch.zeros(32))) {
                Tensor zeros = layer.apply(torch.zeros(4, 32).to(ScalarType.BFloat16));
                assertEquals(0.0, zeros.abs().max().item_double());
                Tensor big = layer.apply(torch.randn(4, 32).mul(new Scalar(1e3)).to(ScalarType.BFloat16));
                assertFalse(big.isnan().any().item_bool(), "NaN in the result");
            }
        }
    }

    @Test
    void sizesThatAreNotMultiplesOf16AreRefusedByName() {
        try (PointerScope scope = new PointerScope()) {
            ClipException e = assertThrows(ClipException.class,
                    () -> Fp8Linear.quantize("vision_model.encoder.layers.0.mlp.fc1", torch.randn(40, 36), torch.randn(40)));
            assertTrue(e.getMessage().contains("vision_model.encoder.layers.0.mlp.fc1 is [40, 36]"), e.getMessage());
        }
    }
}
