package io.clip4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clip4j.ClipException;
import io.clip4j.Precision;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/** What an autocast region changes, and that closing it puts everything back. */
class AutocastTest {
    private final Device cpu = new Device("cpu");

    @Test
    void bf16RegionRunsMatrixProductsInBf16AndClosingRestoresFp32() {
        try (PointerScope scope = new PointerScope()) {
            Tensor a = torch.randn(8, 16);
            Tensor b = torch.randn(16, 4);
            float[] exact = floats(a.matmul(b));
            try (Autocast outer = Autocast.open(cpu, Precision.BF16)) {
                assertEquals(ScalarType.BFloat16, a.matmul(b).scalar_type().intern());
                try (Autocast inner = Autocast.open(cpu, Precision.BF16)) {
                    assertEquals(ScalarType.BFloat16, a.matmul(b).scalar_type().intern());
                }
                assertTrue(torch.is_autocast_enabled(DeviceType.CPU), "closing an inner region leaves the outer one on");
                float[] mixed = floats(a.matmul(b).to(ScalarType.Float));
                for (int i = 0; i < exact.length; i++) {
                    // bf16 keeps 8 bits of mantissa: products of 16 terms agree to a few parts in a hundred
                    assertEquals(exact[i], mixed[i], 0.05 * Math.max(1, Math.abs(exact[i])));
                }
            }
            assertFalse(torch.is_autocast_enabled(DeviceType.CPU));
            assertEquals(ScalarType.Float, a.matmul(b).scalar_type().intern());
        }
    }

    @Test
    void fp32OpensNothingAndFp16IsRefusedWithTheReason() {
        try (PointerScope scope = new PointerScope(); Autocast none = Autocast.open(cpu, Precision.FP32)) {
            assertFalse(torch.is_autocast_enabled(DeviceType.CPU));
            assertEquals(ScalarType.Float, torch.randn(2, 3).matmul(torch.randn(3, 2)).scalar_type().intern());
        }
        ClipException e = assertThrows(ClipException.class, () -> TrainOptions.builder().precision(Precision.FP16).build());
        assertTrue(e.getMessage().startsWith("fp16 training needs loss scaling"), e.getMessage());
        ClipException int8 = assertThrows(ClipException.class, () -> TrainOptions.builder().precision(Precision.INT8).build());
        assertTrue(int8.getMessage().startsWith("int8 is an inference path"), int8.getMessage());
    }

    private static float[] floats(Tensor t) {
        return io.clip4j.Fixtures.floats(t.contiguous());
    }
}
