package org.facegate.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which gate group judges a live face: the longest matching gateId prefix over all groups, else the default. */
class PadGroupsTest {

    private static final PadGroup TERMINAL2 = new PadGroup("terminal2", List.of("T2-"), Path.of("t2.pad.json"));
    private static final PadGroup T2_EAST = new PadGroup("t2-east", List.of("T2-E"), Path.of("t2e.pad.json"));
    private static final PadGroup PIER_B = new PadGroup("pier-b", List.of("PB-", "PIERB-"), Path.of("pb.pad.json"));
    private static final PadGroups GROUPS = new PadGroups(List.of(TERMINAL2, T2_EAST, PIER_B));

    @Test
    void theLongestMatchingPrefixWinsWhateverTheOrderOfTheGroups() {
        assertEquals("t2-east", GROUPS.groupOf("T2-E07"));
        assertEquals("terminal2", GROUPS.groupOf("T2-W01"));
        assertEquals("t2-east", new PadGroups(List.of(T2_EAST, TERMINAL2)).groupOf("T2-E07"));
        assertEquals("terminal2", new PadGroups(List.of(T2_EAST, TERMINAL2)).groupOf("T2-W01"));
    }

    @Test
    void aGroupMayHaveSeveralPrefixesAndAPrefixMayBeTheWholeGateId() {
        assertEquals("pier-b", GROUPS.groupOf("PB-3"));
        assertEquals("pier-b", GROUPS.groupOf("PIERB-12"));
        assertEquals("pier-b", GROUPS.groupOf("PB-"));
    }

    @Test
    void gatesNoPrefixMatchesFallBackToTheDefaultGroup() {
        assertEquals(PadGroups.DEFAULT, GROUPS.groupOf("T3-01"));
        assertEquals(PadGroups.DEFAULT, GROUPS.groupOf("T2"), "shorter than every prefix");
        assertEquals(PadGroups.DEFAULT, GROUPS.groupOf("t2-01"), "prefixes are case-sensitive");
        assertEquals(PadGroups.DEFAULT, GROUPS.groupOf(""));
        assertEquals(PadGroups.DEFAULT, GROUPS.groupOf(null));
        assertEquals(PadGroups.DEFAULT, PadGroups.NONE.groupOf("T2-01"), "no groups configured");
    }

    @Test
    void theGroupNamesAreTheDefaultAndTheConfiguredOnesTheBoundedSetOfMetricLabels() {
        assertEquals(List.of("default", "terminal2", "t2-east", "pier-b"), GROUPS.names());
        assertEquals(List.of("default"), PadGroups.NONE.names());
    }

    @Test
    void aPrefixOrANameClaimedTwiceIsRefusedSoThatEveryGateHasOneGroup() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PadGroups(List.of(TERMINAL2,
                new PadGroup("other", List.of("X-", "T2-"), Path.of("o.pad.json")))));
        assertTrue(e.getMessage().contains("'T2-'") && e.getMessage().contains("terminal2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PadGroups(List.of(TERMINAL2,
                new PadGroup("terminal2", List.of("X-"), Path.of("o.pad.json")))));
        assertThrows(IllegalArgumentException.class, () -> PadSettings.DEFAULTS.withGroups(List.of(TERMINAL2, TERMINAL2)),
                "the settings refuse them too");
    }

    @Test
    void aGroupNeedsALowerCaseNameThatIsNotDefaultANonEmptyPrefixAndADescriptor() {
        Path d = Path.of("x.pad.json");
        assertThrows(IllegalArgumentException.class, () -> new PadGroup("default", List.of("X-"), d));
        assertThrows(IllegalArgumentException.class, () -> new PadGroup("Terminal 2", List.of("X-"), d));
        assertThrows(IllegalArgumentException.class, () -> new PadGroup("-x", List.of("X-"), d));
        assertThrows(IllegalArgumentException.class, () -> new PadGroup("x".repeat(65), List.of("X-"), d));
        assertThrows(IllegalArgumentException.class, () -> new PadGroup("x", List.of(), d));
        assertThrows(IllegalArgumentException.class, () -> new PadGroup("x", List.of(""), d));
        assertThrows(IllegalArgumentException.class, () -> new PadGroup("x", List.of("X-"), null));
        assertEquals("x_1-b", new PadGroup("x_1-b", List.of("X-"), d).name());
    }
}
