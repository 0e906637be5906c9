package org.facegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The soak command's option checks (its report is tested in {@code bench.SoakReportTest}). */
class SoakCommandTest {

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(1, Main.run(new String[] {"soak", "--minutes", "0"}));
        assertEquals(1, Main.run(new String[] {"soak", "--load", "abc"}));
    }
}
