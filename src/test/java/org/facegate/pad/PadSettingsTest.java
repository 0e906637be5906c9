package org.facegate.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Whether and how live photos are checked: on by default, the build's descriptor, its threshold or one configured. */
class PadSettingsTest {

    @Test
    void onByDefaultWithTheBuildsDescriptorAndItsOwnThreshold() {
        assertTrue(PadSettings.DEFAULTS.enabled());
        assertFalse(PadSettings.OFF.enabled());
        assertTrue(Double.isNaN(PadSettings.DEFAULTS.threshold()), "NaN: the descriptor's calibrated threshold");
        Path models = Path.of("models");
        assertEquals(models.resolve(PadSettings.DEFAULT_DESCRIPTOR_FILE), PadSettings.DEFAULTS.descriptorIn(models));
        Path other = Path.of("other.pad.json");
        assertEquals(other, PadSettings.DEFAULTS.withDescriptor(other).descriptorIn(models));
    }

    @Test
    void aConfiguredThresholdMustBeAProbability() {
        assertEquals(0.3, PadSettings.DEFAULTS.withThreshold(0.3).threshold());
        assertThrows(IllegalArgumentException.class, () -> PadSettings.DEFAULTS.withThreshold(1.2));
        assertThrows(IllegalArgumentException.class, () -> PadSettings.DEFAULTS.withThreshold(-0.01));
    }
}
