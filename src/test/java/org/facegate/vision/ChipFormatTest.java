package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.List;
import org.facegate.inference.ModelDescriptor;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;

/**
 * Flip averaging copies the chip mirrored instead of warping it a second time: the copy must be the very values
 * the aligner writes for the mirrored format, for every aligner and layout the descriptors use.
 */
class ChipFormatTest {

    @Test
    void theMirroredCopyIsBitForBitTheMirroredWarp() throws Exception {
        FacePipeline pipeline = TestModels.fusionPipeline();
        RgbImage img = ((DecodeResult.Decoded) pipeline.decoder()
                .decode(Files.readAllBytes(TestModels.samplePhoto("sample2.jpg")))).image();
        List<FacePipeline.FoundFace> faces = pipeline.findAllFaces(img);
        Landmarks lm = faces.get(0).landmarks();
        int checked = 0;
        for (FaceEmbedder embedder : pipeline.embedders()) {
            ModelDescriptor d = embedder.descriptor();
            ChipFormat format = ChipFormat.of(d.input());
            for (FaceAligner aligner : List.of(FaceAligner.of(d.alignment()), new SquareCropAligner())) {
                int per = format.floats();
                FloatBuffer buf = ByteBuffer.allocateDirect(3 * per * Float.BYTES).order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
                aligner.writeChip(img, lm, format, buf, 0);
                aligner.writeChip(img, lm, format.mirror(), buf, per);
                format.copyMirrored(buf, 0, 2 * per);
                for (int k = 0; k < per; k++) {
                    assertEquals(Float.floatToRawIntBits(buf.get(per + k)), Float.floatToRawIntBits(buf.get(2 * per + k)),
                            d.id() + " " + aligner + ": value " + k);
                }
                checked++;
            }
        }
        assertEquals(4, checked, "two members, two aligners each");
    }
}
