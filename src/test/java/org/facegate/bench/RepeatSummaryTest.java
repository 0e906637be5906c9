package org.facegate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The statistics a repeated benchmark figure is reported with. */
class RepeatSummaryTest {

    @Test
    void anOddNumberOfSamplesHasTheMiddleOneAsMedianAndSpreadOverIt() {
        RepeatSummary s = RepeatSummary.of(List.of(110.0, 90.0, 100.0));
        assertEquals(100.0, s.median(), 1e-12);
        assertEquals(90.0, s.min(), 1e-12);
        assertEquals(110.0, s.max(), 1e-12);
        assertEquals(20.0, s.spreadPercent(), 1e-12);
        assertEquals(List.of(110.0, 90.0, 100.0), s.samples(), "samples stay in the order taken");
    }

    @Test
    void anEvenNumberOfSamplesHasTheMeanOfTheMiddleTwoAsMedian() {
        RepeatSummary s = RepeatSummary.of(List.of(58.0, 62.0, 141.0, 60.0));
        assertEquals(61.0, s.median(), 1e-12);
        assertEquals(100 * (141.0 - 58.0) / 61.0, s.spreadPercent(), 1e-12);
    }

    @Test
    void oneSampleHasNoSpread() {
        RepeatSummary s = RepeatSummary.of(List.of(42.0));
        assertEquals(42.0, s.median(), 1e-12);
        assertEquals(0.0, s.spreadPercent(), 1e-12);
    }

    @Test
    void noSamplesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RepeatSummary.of(List.of()));
    }

    @Test
    void theJsonHoldsEveryFigure() {
        assertEquals(List.of("samples", "median", "min", "max", "spreadPercent"),
                List.copyOf(RepeatSummary.of(List.of(1.0, 2.0)).toJson().keySet()));
    }
}
