package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Jpeg2000CodestreamTest {

    private static final byte[] JP2 = TestImages.encode(
            TestImages.solid(48, 32, TestImages.RED, BufferedImage.TYPE_3BYTE_BGR), "jpeg2000");

    @Test
    void readsTheSizeFromAJp2FileAndFromARawCodestream() {
        for (byte[] bytes : new byte[][] {JP2, TestImages.rawCodestream(JP2)}) {
            Jpeg2000Codestream codestream = Jpeg2000Codestream.read(bytes).orElseThrow();
            assertEquals(48, codestream.width());
            assertEquals(32, codestream.height());
            assertEquals(3, codestream.components());
            assertTrue(codestream.tiles() >= 1);
            assertTrue(codestream.complete());
        }
    }

    @Test
    void aCutOffCodestreamIsIncompleteOrMissing() {
        byte[] raw = TestImages.rawCodestream(JP2);
        assertFalse(Jpeg2000Codestream.read(Arrays.copyOf(raw, raw.length - 1)).orElseThrow().complete());
        // In a JP2 file the codestream box then claims more bytes than there are.
        assertTrue(Jpeg2000Codestream.read(Arrays.copyOf(JP2, JP2.length - 1)).isEmpty());
        assertTrue(Jpeg2000Codestream.read(Arrays.copyOf(raw, 20)).isEmpty());
    }

    @Test
    void followsBoxesWithLengthZeroAndExtendedLength() {
        int start = JP2.length - TestImages.rawCodestream(JP2).length - 8; // the jp2c box header
        byte[] toEnd = JP2.clone();
        ByteBuffer.wrap(toEnd, start, 4).putInt(0); // length 0: the box runs to the end of the file
        assertEquals(48, Jpeg2000Codestream.read(toEnd).orElseThrow().width());

        byte[] extended = new byte[JP2.length + 8];
        System.arraycopy(JP2, 0, extended, 0, start);
        ByteBuffer.wrap(extended, start, 16).putInt(1).put(JP2, start + 4, 4).putLong(JP2.length - start + 8L);
        System.arraycopy(JP2, start + 8, extended, start + 16, JP2.length - start - 8);
        assertEquals(48, Jpeg2000Codestream.read(extended).orElseThrow().width());
    }

    @Test
    void inconsistentSizIsRejected() {
        byte[] zeroTiles = TestImages.withSiz(JP2, 48, 32, 0);
        assertEquals(Optional.empty(), Jpeg2000Codestream.read(zeroTiles));
        byte[] hugeTiling = TestImages.withSiz(JP2, Integer.MAX_VALUE, Integer.MAX_VALUE, 1);
        assertEquals(Long.MAX_VALUE, Jpeg2000Codestream.read(hugeTiling).orElseThrow().tiles());
    }
}
