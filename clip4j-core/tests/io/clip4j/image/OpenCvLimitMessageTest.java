package io.clip4j.image;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** OpenCV's size-limit failures reach the user in their own terms, not as OpenCV's constant names. */
class OpenCvLimitMessageTest {
    /** A PNG whose header declares 2,000,000 × 1 pixels: within clip4j's pixel limit, past OpenCV's width limit. */
    private static byte[] veryWidePng() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream chunk = new DataOutputStream(ihdr);
        chunk.write("IHDR".getBytes(StandardCharsets.US_ASCII));
        chunk.writeInt(2_000_000); // width
        chunk.writeInt(1); // height
        chunk.write(new byte[] {8, 2, 0, 0, 0}); // 8-bit RGB
        CRC32 crc = new CRC32();
        crc.update(ihdr.toByteArray());
        out.writeInt(13);
        out.write(ihdr.toByteArray());
        out.writeInt((int) crc.getValue());
        out.write(new byte[64]); // no image data to speak of
        return bytes.toByteArray();
    }

    @Test
    void anImageWiderThanOpenCvDecodesIsExplainedWithoutItsConstants() throws IOException {
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> new ImageDecoder().decode(veryWidePng(), "wide.png"));
        assertTrue(e.getMessage().startsWith("wide.png"), e.getMessage());
        assertFalse(e.getMessage().contains("CV_IO_MAX"), e.getMessage());
    }

    @Test
    void theSizeAssertionsAreTranslated() {
        String cv = "OpenCV(4.13.0) /loadsave.cpp:78: error: (-215:Assertion failed) size.width <= CV_IO_MAX_IMAGE_WIDTH"
                + " in function 'validateInputImageSize'";
        assertTrue(ImageDecoder.openCvReason(cv).contains("1,048,576 pixels per side"));
        assertTrue(ImageDecoder.openCvReason("OpenCV(4.13.0) something else").startsWith("OpenCV: "));
    }
}
