package io.clip4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The FLOP counts agree with the published multiply-accumulate counts of the CLIP image encoders. */
class FlopCountTest {
    private static void assertGmacs(double published, Architecture arch) {
        double gmacs = FlopCount.visionPerImage(arch.config().vision(), arch.config().projectionDim()) / 2e9;
        assertEquals(published, gmacs, published * 0.03, arch.displayName() + " GMACs");
    }

    @Test
    void visionEncodersMatchPublishedCounts() {
        assertGmacs(4.4, Architecture.VIT_B_32);   // OpenCLIP's model profile: 4.41 GMACs
        assertGmacs(17.6, Architecture.VIT_B_16);  // 17.58
        assertGmacs(81.1, Architecture.VIT_L_14);  // 81.08
    }
}
