package org.facegate.modelimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadFusionCoefficients;
import org.facegate.pad.PadSettings;
import org.facegate.pad.TextureModel;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;

/**
 * The PAD descriptors the build writes from the committed coefficients: the default is the logistic fusion of the
 * texture model retrained across cameras and the two MiniFASNets, with the committed coefficients, threshold and
 * table; each member stays usable alone at the threshold {@code train-pad-fusion} chose for it; the NUAA-only texture
 * model keeps its own descriptor.
 */
class DefaultPadDescriptorTest {

    private static final Path MODELS = TestModels.modelsDir();

    @Test
    void theDefaultIsTheFusionOfTheThreeMembersWithTheCommittedCoefficients() throws Exception {
        PadFusionCoefficients c = PadFusionCoefficients.shipped();
        assertNotNull(c, "no committed fusion at " + PadFusionCoefficients.RESOURCE);
        PadDescriptor d = PadDescriptor.load(MODELS.resolve(PadSettings.DEFAULT_DESCRIPTOR_FILE));
        assertTrue(d.fused(), d.id());
        assertEquals(c.id(), d.id());
        assertEquals(c.members(), d.members().stream().map(PadDescriptor.Member::id).toList());
        assertEquals(c.fusion(), d.fusion());
        assertEquals(c.threshold(), d.threshold());
        assertEquals(c.operatingPoints(), d.operatingPoints());
        assertEquals(c.calibration(), d.calibration());
    }

    @Test
    void eachMemberAloneIsOneSettingAwayAtItsOwnThreshold() throws Exception {
        PadFusionCoefficients c = PadFusionCoefficients.shipped();
        List<String> files = List.of(PadImport.TEXTURE_DESCRIPTOR_FILE, MiniFasNetImport.V2_DESCRIPTOR_FILE,
                MiniFasNetImport.V1SE_DESCRIPTOR_FILE);
        for (int m = 0; m < files.size(); m++) {
            PadDescriptor alone = PadDescriptor.load(MODELS.resolve(files.get(m)));
            assertEquals(c.members().get(m), alone.id(), files.get(m));
            assertEquals(c.aloneThreshold(alone.id()), alone.threshold(), files.get(m));
        }
        TextureModel cameras = TextureModel.resource(TextureModel.CAMERAS_RESOURCE);
        assertEquals(cameras.threshold(), c.aloneThreshold(cameras.id()));
        PadDescriptor nuaa = PadDescriptor.load(MODELS.resolve(PadImport.NUAA_TEXTURE_DESCRIPTOR_FILE));
        assertEquals(TextureModel.shipped().id(), nuaa.id());
        assertEquals(TextureModel.shipped().threshold(), nuaa.threshold());
    }
}
